package io.labelgate.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.labelgate.it.Cli.Result;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.stream.StreamSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Who can reach this app ({@code GET /labelgate/api/app/access} and {@code labelgate app access}) on
 * the sample, whose labels are {@code group=A} in region GRA: each kind of token lands where the
 * policy puts it, and only the admin credential may ask.
 */
class AccessReviewIT extends DeployedPlainSample {

    private String appId() {
        JsonNode apps =
                AdminApi.parse(Http.get(uri("/labelgate/api/apps"), "Authorization", "Bearer " + AdminApi.SECRET)
                        .body());
        return StreamSupport.stream(apps.spliterator(), false)
                .filter(app -> app.get("name").textValue().equals("ai-app"))
                .findFirst()
                .orElseThrow()
                .get("id")
                .textValue();
    }

    private static List<String> ids(JsonNode tokens) {
        return StreamSupport.stream(tokens.spliterator(), false)
                .map(token -> token.get("id").textValue())
                .toList();
    }

    @Test
    void eachTokenIsListedWhereThePolicyLetsItAndTheCliPrintsTheSame() {
        AdminApi api = api();
        String reader = api.read("group=A").id();
        String operator = api.operator("group=A").id();
        String otherGroup = api.operator("group=B").id();
        String otherRegion = api.create("operator", "BHS", "group=A").id();
        String byId = api.operator("labelgate/id=" + appId()).id();
        String excluded = api.read("group!=A").id();

        HttpResponse<String> response =
                Http.get(uri("/labelgate/api/app/access"), "Authorization", "Bearer " + AdminApi.SECRET);

        assertEquals(200, response.statusCode(), response::body);
        JsonNode review = AdminApi.parse(response.body());
        List<String> read = ids(review.get("read"));
        List<String> manage = ids(review.get("manage"));
        assertTrue(read.containsAll(List.of(reader, operator, byId)), response::body);
        assertTrue(manage.containsAll(List.of(operator, byId)), response::body);
        assertFalse(manage.contains(reader), "a reader may not manage");
        for (String outside : List.of(otherGroup, otherRegion, excluded)) {
            assertFalse(read.contains(outside) || manage.contains(outside), outside + " reaches nothing here");
        }
        assertTrue(review.get("reviewed").asInt() >= 6, response::body);
        assertFalse(response.body().contains("\"token\""), "never a token string");

        Result cli = Cli.admin(root(), "app", "access", "--wide");
        assertEquals(0, cli.exitCode(), cli::err);
        List<String> lines = cli.outLines();
        int manageAt = lines.indexOf(lines.stream()
                .filter(line -> line.startsWith("May manage ("))
                .findFirst()
                .orElseThrow());
        List<String> readSection = lines.subList(0, manageAt);
        List<String> manageSection = lines.subList(manageAt, lines.size());
        assertTrue(readSection.stream().anyMatch(line -> line.startsWith(reader)), cli::out);
        assertFalse(manageSection.stream().anyMatch(line -> line.startsWith(reader)), cli::out);
        assertTrue(manageSection.stream().anyMatch(line -> line.startsWith(operator)), cli::out);
        assertFalse(cli.out().contains(otherGroup), cli::out);
    }

    @Test
    void onlyTheAdminCredentialMayAsk() {
        String operator = api().operator("group=A").token();

        assertEquals(401, Http.get(uri("/labelgate/api/app/access")).statusCode());
        assertEquals(
                401,
                Http.get(uri("/labelgate/api/app/access"), "Authorization", "Bearer " + operator)
                        .statusCode());
    }
}
