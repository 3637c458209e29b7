package io.labelgate.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.labelgate.it.Cli.Result;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.StreamSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The audit trail on the sample ({@code GET /labelgate/api/audit}, {@code labelgate audit}): who
 * changed a token, who stopped the app, who was refused, each with its source address, and only
 * the admin credential may read it.
 */
class AuditIT extends DeployedPlainSample {

    private HttpResponse<String> audit(String query) {
        return Http.get(uri("/labelgate/api/audit" + query), "Authorization", "Bearer " + AdminApi.SECRET);
    }

    private JsonNode entries(String query) {
        HttpResponse<String> response = audit(query);
        assertEquals(200, response.statusCode(), response::body);
        return AdminApi.parse(response.body()).get("entries");
    }

    private static List<String> field(JsonNode entries, String name) {
        return StreamSupport.stream(entries.spliterator(), false)
                .map(entry -> entry.get(name).isNull() ? null : entry.get(name).textValue())
                .toList();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Test
    void eachChangeOfATokenIsAuditedAsTheAdminSecretFromTheCallersAddress() {
        AdminApi api = api();
        AdminApi.Created created = api.read("group=A");
        assertEquals(200, api.regenerate(created.id()).statusCode());
        assertEquals(204, api.delete(created.id()).statusCode());

        JsonNode entries = entries("?target=" + encode(created.id()));

        assertEquals(List.of("token.deleted", "token.regenerated", "token.created"), field(entries, "action"));
        assertEquals(List.of("admin-secret", "admin-secret", "admin-secret"), field(entries, "actor"));
        assertEquals(List.of("admin-secret", "admin-secret", "admin-secret"), field(entries, "actorKind"));
        assertEquals(List.of("127.0.0.1", "127.0.0.1", "127.0.0.1"), field(entries, "source"));
        assertEquals(List.of("succeeded", "succeeded", "succeeded"), field(entries, "outcome"));
        assertEquals("read, GRA, group=A", entries.get(2).get("detail").textValue());
        assertFalse(entries.toString().contains(created.token()), "never a token string");
    }

    @Test
    void stoppingTheAppIsAuditedAsTheOperatorTokenAndARefusedSecretAsUnknown() {
        AdminApi.Created operator = api().operator("group=A");
        try {
            assertEquals(
                    200,
                    AppLifecycleIT.call("POST", uri("/labelgate/api/app/stop"), operator.token())
                            .statusCode());
        } finally {
            assertEquals(
                    200,
                    AppLifecycleIT.call("POST", uri("/labelgate/api/app/start"), operator.token())
                            .statusCode());
        }
        HttpResponse<String> refused = Http.bearer(uri("/labelgate/api/tokens"), "not-the-admin-secret-4711");

        assertEquals(401, refused.statusCode());
        JsonNode lifecycle = entries("?actor=" + encode(operator.id()));
        assertEquals(List.of("app.started", "app.stopped"), field(lifecycle, "action"));
        assertEquals(List.of("token", "token"), field(lifecycle, "actorKind"));
        JsonNode refusals = entries("?action=admin.refused&limit=1");
        assertEquals(List.of("unknown"), field(refusals, "actor"));
        assertEquals(List.of("admin API"), field(refusals, "target"));
        assertEquals(List.of("refused"), field(refusals, "outcome"));
        assertEquals(List.of("127.0.0.1"), field(refusals, "source"));
    }

    @Test
    void pagesGoFurtherBackAndTheCliPrintsTheSameEntries() {
        AdminApi api = api();
        String first = api.read("group=A").id();
        String second = api.read("group=A").id();
        String third = api.read("group=A").id();

        JsonNode page = AdminApi.parse(audit("?action=token.created&limit=2").body());
        JsonNode next = entries(
                "?action=token.created&limit=1&before=" + page.get("next").textValue());

        assertEquals(List.of(third, second), field(page.get("entries"), "target"));
        assertEquals(List.of(first), field(next, "target"));
        Result cli = Cli.admin(root(), "audit", "--action", "token.created", "--limit", "2");
        assertEquals(0, cli.exitCode(), cli::err);
        List<String> lines = cli.outLines();
        assertTrue(lines.get(0).startsWith("TIME (UTC)"), cli::out);
        assertTrue(lines.get(1).contains(third) && lines.get(1).contains("token.created"), cli::out);
        assertTrue(lines.get(2).contains(second), cli::out);
        assertEquals(
                "Older entries: labelgate audit --action token.created --limit 2 --before "
                        + page.get("next").textValue(),
                lines.get(3));
    }

    @Test
    void onlyTheAdminCredentialReadsTheTrailAndABadFilterIsNamed() {
        URI trail = uri("/labelgate/api/audit");

        HttpResponse<String> anonymous = Http.get(trail);
        HttpResponse<String> withAppToken =
                Http.bearer(trail, api().operator("group=A").token());
        HttpResponse<String> bad = audit("?limit=0");
        HttpResponse<String> unknownAction = audit("?action=token.burned");

        assertEquals(401, anonymous.statusCode());
        assertEquals(401, withAppToken.statusCode());
        assertEquals(400, bad.statusCode(), bad::body);
        assertEquals("limit", AdminApi.parse(bad.body()).get("field").textValue());
        assertEquals(
                "must be a whole number from 1 to 500",
                AdminApi.parse(bad.body()).get("detail").textValue());
        assertEquals(400, unknownAction.statusCode());
        assertEquals("action", AdminApi.parse(unknownAction.body()).get("field").textValue());
    }
}
