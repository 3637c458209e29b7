package io.labelgate.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The token lifecycle through the admin API on Payara Micro with the container's default
 * DataSource (docs/contract.md, "Token lifecycle").
 */
class TokenLifecycleIT extends DeployedPlainSample {

    /** The revocation bound the sample runs with (labelgate.revocation.max-staleness, default). */
    static final Duration BOUND = Duration.ofSeconds(2);

    @Test
    void createdTokenWorksAndItsStringIsShownOnlyOnce() {
        HttpResponse<String> created =
                api().post(Map.of("name", "ci-reader", "selector", "group=A", "role", "read", "region", "GRA"));

        assertEquals(201, created.statusCode());
        JsonNode body = AdminApi.parse(created.body());
        String id = body.get("id").textValue();
        String token = body.get("token").textValue();
        assertEquals("/ai-app/labelgate/api/tokens/" + id, Http.header(created, "Location"));
        assertEquals("application/json", Http.header(created, "Content-Type"));
        assertEquals("ci-reader", body.get("name").textValue());
        assertEquals("group=A", body.get("selector").textValue());
        assertEquals("read", body.get("role").textValue());
        assertEquals(1, body.get("generation").intValue());
        assertEquals("Hello, World!", Http.bearer(root(), token).body());

        HttpResponse<String> list = api().list();
        HttpResponse<String> one = api().get(id);
        assertEquals(200, list.statusCode());
        assertFalse(list.body().contains(token), "the list never shows a token string");
        assertFalse(list.body().contains("\"token\""), "the list has no token field");
        assertEquals(200, one.statusCode());
        assertFalse(one.body().contains(token));
        assertEquals(id, AdminApi.parse(one.body()).get("id").textValue());
    }

    @Test
    void regenerateRevokesTheOldStringWithinTheBoundAndTheNewOneWorks() {
        AdminApi.Created created = api().read("group=A");
        assertEquals(200, Http.bearer(root(), created.token()).statusCode());

        HttpResponse<String> regenerated = api().regenerate(created.id());

        assertEquals(200, regenerated.statusCode());
        JsonNode body = AdminApi.parse(regenerated.body());
        assertEquals(2, body.get("generation").intValue());
        String fresh = body.get("token").textValue();
        Revocation.refusedAtOnce(root(), created.token(), "token revoked");
        assertEquals(200, Http.bearer(root(), fresh).statusCode());
    }

    @Test
    void deleteRevokesTheTokenWithinTheBound() {
        AdminApi.Created created = api().read("group=A");
        assertEquals(200, Http.bearer(root(), created.token()).statusCode());

        HttpResponse<String> deleted = api().delete(created.id());

        assertEquals(204, deleted.statusCode());
        Revocation.refusedAtOnce(root(), created.token(), "token revoked");
        assertEquals(404, api().get(created.id()).statusCode());
    }

    @Test
    void tokenStopsWorkingAtItsExpiry() {
        Instant expiry =
                Instant.now().plusSeconds(3).truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        Map<String, Object> body = new LinkedHashMap<>(
                Map.of("name", "short-lived", "selector", "group=A", "role", "read", "region", "GRA"));
        body.put("expiresAt", expiry.toString());
        HttpResponse<String> created = api().post(body);
        assertEquals(201, created.statusCode(), created::body);
        String token = AdminApi.parse(created.body()).get("token").textValue();
        assertEquals(200, Http.bearer(root(), token).statusCode());

        // the registry's expiry is exact: every request sent from the expiry on is refused
        Revocation.awaitRefused(root(), token, "token expired", Duration.between(Instant.now(), expiry));
    }

    @Test
    void theListFiltersByRoleRegionExpiryAndUseAndMarksTokensExpiringWithinTheWarningWindow() {
        // a region of its own: the other tests' tokens share the registry
        String region = "F" + Long.toString(System.nanoTime(), 36).toUpperCase(Locale.ROOT);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        AdminApi.Created soon = api().create("operator", region, "group=A", now.plus(Duration.ofDays(3)));
        AdminApi.Created later = api().create("read", region, "group=A", now.plus(Duration.ofDays(30)));
        AdminApi.Created never = api().create("read", region, "group=A", null);
        String tenDays = now.plus(Duration.ofDays(10)).toString().substring(0, 10);

        Map<String, Boolean> all = expiringSoonById(api().list("region=" + region));
        Map<String, Boolean> operators = expiringSoonById(api().list("region=" + region + "&role=operator"));
        Map<String, Boolean> expiringBefore =
                expiringSoonById(api().list("region=" + region + "&expiringBefore=" + tenDays));
        Map<String, Boolean> unused =
                expiringSoonById(api().list("region=" + region + "&role=read&unusedSince=2000-01-01"));

        assertEquals(Map.of(soon.id(), true, later.id(), false, never.id(), false), all);
        assertEquals(Map.of(soon.id(), true), operators);
        assertEquals(Map.of(soon.id(), true), expiringBefore);
        assertEquals(Map.of(later.id(), false, never.id(), false), unused, "never used matches unusedSince");
    }

    @Test
    void aListFilterThatCannotBeUsedIsA400NamingIt() {
        HttpResponse<String> role = api().list("role=admin");
        HttpResponse<String> since = api().list("unusedSince=yesterday");

        assertEquals(400, role.statusCode());
        assertEquals(
                "{\"type\":\"about:blank\",\"title\":\"Bad Request\",\"status\":400,"
                        + "\"detail\":\"must be one of read, operator\",\"field\":\"role\"}",
                role.body());
        assertEquals(400, since.statusCode());
        assertEquals("unusedSince", AdminApi.parse(since.body()).get("field").textValue(), since::body);
    }

    private static Map<String, Boolean> expiringSoonById(HttpResponse<String> list) {
        assertEquals(200, list.statusCode(), list::body);
        Map<String, Boolean> tokens = new LinkedHashMap<>();
        for (JsonNode token : AdminApi.parse(list.body())) {
            tokens.put(token.get("id").textValue(), token.get("expiringSoon").booleanValue());
        }
        return tokens;
    }

    @Test
    void unknownIdGets404() {
        assertEquals(404, api().get("no-such-token").statusCode());
        assertEquals(404, api().regenerate("no-such-token").statusCode());
        assertEquals(404, api().delete("no-such-token").statusCode());
        assertEquals(
                "{\"type\":\"about:blank\",\"title\":\"Not Found\",\"status\":404,"
                        + "\"detail\":\"no token with id no-such-token\"}",
                api().get("no-such-token").body());
    }

    static Stream<Arguments> badCreates() {
        return Stream.of(
                arguments(
                        "application/json",
                        "{\"name\":\"n\",\"selector\":\"group in (A\",\"role\":\"read\",\"region\":\"GRA\"}",
                        400,
                        "selector"),
                arguments(
                        "application/json",
                        "{\"name\":\"n\",\"selector\":\"group=A\",\"role\":\"admin\",\"region\":\"GRA\"}",
                        400,
                        "role"),
                arguments(
                        "application/json",
                        "{\"name\":\"n\",\"selector\":\"\",\"role\":\"read\",\"region\":\"GRA\"}",
                        400,
                        "selector"),
                arguments(
                        "application/json",
                        "{\"name\":\"" + "x".repeat(101)
                                + "\",\"selector\":\"group=A\",\"role\":\"read\",\"region\":\"GRA\"}",
                        400,
                        "name"),
                arguments(
                        "application/json",
                        "{\"name\":\"n\",\"selector\":\"group=A\",\"role\":\"read\",\"region\":\"GRA\",\"expiresAt\":\"2000-01-01T00:00:00Z\"}",
                        400,
                        "expiresAt"),
                arguments(
                        "application/json",
                        "{\"name\":\"n\",\"selector\":\"group=A\",\"role\":\"read\",\"region\":\"GRA\",\"owner\":\"me\"}",
                        400,
                        "owner"),
                arguments("application/json", "[1,2]", 400, "body"),
                arguments("application/json", "{not json", 400, null),
                arguments(
                        "text/plain",
                        "{\"name\":\"n\",\"selector\":\"group=A\",\"role\":\"read\",\"region\":\"GRA\"}",
                        415,
                        null));
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @MethodSource("badCreates")
    void badCreateIsRefusedNamingTheFieldAndWritesNothing(String contentType, String body, int status, String field) {
        int before = AdminApi.parse(api().list().body()).size();

        HttpResponse<String> refused = api().postRaw(contentType, body);

        assertEquals(status, refused.statusCode(), refused::body);
        assertEquals("application/problem+json", Http.header(refused, "Content-Type"));
        JsonNode problem = AdminApi.parse(refused.body());
        assertEquals(status, problem.get("status").intValue());
        assertEquals(field, problem.has("field") ? problem.get("field").textValue() : null);
        assertEquals(before, AdminApi.parse(api().list().body()).size());
    }

    @Test
    void adminApiWithoutTheAdminCredentialGets401AndWritesNothing() {
        int before = AdminApi.parse(api().list().body()).size();
        String body = "{\"name\":\"n\",\"selector\":\"group=A\",\"role\":\"read\",\"region\":\"GRA\"}";

        HttpResponse<String> anonymous = Http.send(HttpRequest.newBuilder(api().tokensUri())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
        HttpResponse<String> wrongSecret = Http.send(HttpRequest.newBuilder(api().tokensUri())
                .header("Authorization", "Bearer not-the-admin-secret-at-all")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
        HttpResponse<String> aToken = Http.send(HttpRequest.newBuilder(api().tokensUri())
                .header("Authorization", "Bearer " + api().operator("group=A").token())
                .GET()
                .build());

        assertEquals(401, anonymous.statusCode());
        assertEquals("Bearer realm=\"ai-app\"", Http.header(anonymous, "WWW-Authenticate"));
        assertEquals(401, wrongSecret.statusCode());
        assertEquals(
                "Bearer realm=\"ai-app\", error=\"invalid_token\", error_description=\"the admin credential is not valid\"",
                Http.header(wrongSecret, "WWW-Authenticate"));
        assertEquals(401, aToken.statusCode());
        assertEquals(before + 1, AdminApi.parse(api().list().body()).size(), "only the operator token was created");
    }

    @Test
    void applicationCodeGetsTheTokenServiceByCdiInjection() {
        AdminApi.Created operator = api().operator("group=A");
        int listed = AdminApi.parse(api().list().body()).size();

        HttpResponse<String> count = Http.bearer(Http.loopback(base, "/api/token-count"), operator.token());

        assertEquals(200, count.statusCode(), count::body);
        assertEquals(Integer.toString(listed), count.body());
    }

    @Test
    void jwksDocumentIsPublicAndHoldsNoPrivatePart() {
        HttpResponse<String> jwks = Http.get(Http.loopback(base, "/.well-known/jwks.json"));

        assertEquals(200, jwks.statusCode());
        assertEquals("application/jwk-set+json", Http.header(jwks, "Content-Type"));
        JsonNode keys = AdminApi.parse(jwks.body()).get("keys");
        assertEquals(1, keys.size());
        assertEquals("it-tests-rs256", keys.get(0).get("kid").textValue());
        assertFalse(keys.get(0).has("d"));
    }
}
