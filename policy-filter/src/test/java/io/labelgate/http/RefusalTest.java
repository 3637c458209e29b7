package io.labelgate.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class RefusalTest {

    static Stream<Arguments> refusals() {
        return Stream.of(
                arguments(
                        AuthError.missingToken(),
                        401,
                        "Bearer realm=\"ai-app\"",
                        "{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,"
                                + "\"detail\":\"a bearer token is required\"}"),
                arguments(
                        AuthError.invalidToken("token expired"),
                        401,
                        "Bearer realm=\"ai-app\", error=\"invalid_token\", error_description=\"token expired\"",
                        "{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,"
                                + "\"detail\":\"token expired\",\"error\":\"invalid_token\"}"),
                arguments(
                        AuthError.invalidRequest("more than one Authorization header"),
                        400,
                        "Bearer realm=\"ai-app\", error=\"invalid_request\", "
                                + "error_description=\"more than one Authorization header\"",
                        "{\"type\":\"about:blank\",\"title\":\"Bad Request\",\"status\":400,"
                                + "\"detail\":\"more than one Authorization header\",\"error\":\"invalid_request\"}"),
                arguments(
                        AuthError.insufficientScope(List.of(
                                "role \"read\" does not permit action \"manage\"",
                                "selector group in (B) does not match the app's labels")),
                        403,
                        "Bearer realm=\"ai-app\", error=\"insufficient_scope\", error_description=\"role 'read' does "
                                + "not permit action 'manage'; selector group in (B) does not match the app's labels\"",
                        "{\"type\":\"about:blank\",\"title\":\"Forbidden\",\"status\":403,"
                                + "\"detail\":\"role \\\"read\\\" does not permit action \\\"manage\\\"; selector group "
                                + "in (B) does not match the app's labels\",\"error\":\"insufficient_scope\","
                                + "\"reasons\":[\"role \\\"read\\\" does not permit action \\\"manage\\\"\","
                                + "\"selector group in (B) does not match the app's labels\"]}"),
                arguments(
                        AuthError.decisionUnavailable(),
                        503,
                        "Bearer realm=\"ai-app\"",
                        "{\"type\":\"about:blank\",\"title\":\"Service Unavailable\",\"status\":503,"
                                + "\"detail\":\"the authorization decision could not be made; try again later\","
                                + "\"error\":\"temporarily_unavailable\"}"));
    }

    @ParameterizedTest(name = "{1}: {0}")
    @MethodSource("refusals")
    void writesStatusChallengeAndProblemDocument(AuthError error, int status, String challenge, String body) {
        assertEquals(new Refusal(status, challenge, body), Refusal.of(error, "ai-app"));
    }

    @Test
    void escapesADescriptionAsJsonInTheBodyWhileTheHeaderSanitisesIt() throws Exception {
        Refusal refusal = Refusal.of(AuthError.invalidToken("a \"quoted\\\" line\r\nbreak"), "ai-app");

        assertEquals(
                "Bearer realm=\"ai-app\", error=\"invalid_token\", error_description=\"a 'quoted?' line??break\"",
                refusal.wwwAuthenticate());
        ObjectMapper json = new ObjectMapper();
        assertEquals(
                json.readTree("{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,"
                        + "\"detail\":\"a \\\"quoted\\\\\\\" line\\r\\nbreak\",\"error\":\"invalid_token\"}"),
                json.readTree(refusal.body()));
    }
}
