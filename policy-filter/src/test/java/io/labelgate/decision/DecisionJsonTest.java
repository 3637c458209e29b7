package io.labelgate.decision;

import io.labelgate.app.AppIdentity;
import io.labelgate.selector.Selector;
import io.labelgate.token.Role;
import io.labelgate.token.TokenClaims;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class DecisionJsonTest {

    private static final UUID APP_ID = UUID.fromString("6f1c2a3e-0000-4000-8000-000000000001");
    private static final AppIdentity APP = AppIdentity.withReservedLabels(
            APP_ID, "GRA", Map.of("tier", "gpu", "group", "A"), "labelgate/", warning -> {});
    private static final Instant ISSUED = Instant.parse("2030-01-01T00:00:00Z");

    @Test
    void writesTheInputDocumentInTheDocumentedShape() {
        TokenClaims claims = new TokenClaims(
                "tok-1",
                2,
                Role.READ,
                "GRA",
                Selector.parse("zone notin (x),group in (A,B),gpu,!legacy"),
                false,
                ISSUED,
                null);

        String json = DecisionJson.write(
                DecisionInput.of(claims, APP.asInput(), DecisionInput.RequestInput.of("GET", "/hello", Action.READ)));

        assertEquals(
                "{\"token\":{\"id\":\"tok-1\",\"role\":\"read\",\"region\":\"GRA\",\"allApps\":false,"
                        + "\"selectors\":[{\"key\":\"gpu\",\"operator\":\"Exists\",\"values\":[]},"
                        + "{\"key\":\"group\",\"operator\":\"In\",\"values\":[\"A\",\"B\"]},"
                        + "{\"key\":\"legacy\",\"operator\":\"DoesNotExist\",\"values\":[]},"
                        + "{\"key\":\"zone\",\"operator\":\"NotIn\",\"values\":[\"x\"]}]},"
                        + "\"app\":{\"id\":\"6f1c2a3e-0000-4000-8000-000000000001\",\"region\":\"GRA\","
                        + "\"labels\":{\"group\":\"A\",\"labelgate/id\":\"6f1c2a3e-0000-4000-8000-000000000001\","
                        + "\"labelgate/type\":\"app\",\"tier\":\"gpu\"}},"
                        + "\"request\":{\"method\":\"GET\",\"path\":\"/hello\",\"action\":\"read\"}}",
                json);
    }

    @Test
    void writesTheAllAppsScopeWithAnEmptySelectorListAndWrapsTheRestRequestInInput() {
        TokenClaims claims = new TokenClaims("tok-all", 1, Role.OPERATOR, "BHS", Selector.empty(), true, ISSUED, null);
        DecisionInput input = DecisionInput.of(
                claims, APP.asInput(), DecisionInput.RequestInput.of("DELETE", "/labelgate/api/app", Action.MANAGE));

        assertEquals(
                "{\"input\":{\"token\":{\"id\":\"tok-all\",\"role\":\"operator\",\"region\":\"BHS\","
                        + "\"allApps\":true,\"selectors\":[]},"
                        + "\"app\":{\"id\":\"6f1c2a3e-0000-4000-8000-000000000001\",\"region\":\"GRA\","
                        + "\"labels\":{\"group\":\"A\",\"labelgate/id\":\"6f1c2a3e-0000-4000-8000-000000000001\","
                        + "\"labelgate/type\":\"app\",\"tier\":\"gpu\"}},"
                        + "\"request\":{\"method\":\"DELETE\",\"path\":\"/labelgate/api/app\",\"action\":\"manage\"}}}",
                DecisionJson.writeRequest(input));
    }

    static Stream<Arguments> wellFormedResults() {
        return Stream.of(
                arguments("[{\"result\":{\"allow\":true,\"reasons\":[]}}]", new Decision(true, List.of())),
                arguments(
                        "[{\"result\":{\"allow\":false,\"reasons\":[\"a\",\"b\"]}}]",
                        new Decision(false, List.of("a", "b"))),
                arguments("[{\"result\":{\"allow\":false,\"reasons\":[]}}]", new Decision(false, List.of())),
                arguments(" [ {\"result\" : {\"reasons\":[], \"allow\":true}} ] ", new Decision(true, List.of())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wellFormedResults")
    void readsAWellFormedResultSet(String resultSet, Decision decision) throws DecisionException {
        assertEquals(decision, DecisionJson.parseWasmResult(resultSet));
    }

    static Stream<Arguments> malformedResults() {
        return Stream.of(
                arguments("[]", "the policy gave no single result"),
                arguments("[{}]", "the policy answer is not an object"),
                arguments("[{\"result\":null}]", "the policy answer is not an object"),
                arguments("[{\"result\":[true]}]", "the policy answer is not an object"),
                arguments("{\"allow\":true}", "the policy gave no single result"),
                arguments("{\"result\":{\"allow\":true,\"reasons\":[]}}", "the policy gave no single result"),
                arguments("[true]", "the policy gave no single result"),
                arguments("null", "the policy gave no single result"),
                arguments("", "the policy gave no single result"),
                arguments(
                        "[{\"result\":{\"allow\":true,\"reasons\":[]}},{\"result\":{\"allow\":true,\"reasons\":[]}}]",
                        "the policy gave no single result"),
                arguments(
                        "[{\"result\":{\"allow\":\"true\",\"reasons\":[]}}]",
                        "the policy answer has no boolean \"allow\""),
                arguments("[{\"result\":{\"allow\":1,\"reasons\":[]}}]", "the policy answer has no boolean \"allow\""),
                arguments(
                        "[{\"result\":{\"allow\":null,\"reasons\":[]}}]", "the policy answer has no boolean \"allow\""),
                arguments("[{\"result\":{\"reasons\":[]}}]", "the policy answer has no boolean \"allow\""),
                arguments("[{\"result\":{\"allow\":false}}]", "the policy answer has no array \"reasons\""),
                arguments(
                        "[{\"result\":{\"allow\":false,\"reasons\":\"no\"}}]",
                        "the policy answer has no array \"reasons\""),
                arguments(
                        "[{\"result\":{\"allow\":false,\"reasons\":null}}]",
                        "the policy answer has no array \"reasons\""),
                arguments(
                        "[{\"result\":{\"allow\":false,\"reasons\":[1]}}]",
                        "the policy answer has a reason that is not a string"),
                arguments(
                        "[{\"result\":{\"allow\":false,\"reasons\":[null]}}]",
                        "the policy answer has a reason that is not a string"),
                arguments(
                        "[{\"result\":{\"allow\":true,\"reasons\":[\"x\"]}}]",
                        "the policy answer allows and gives reasons to deny"),
                arguments("not json", "the policy answer is not JSON"),
                arguments("[{\"result\":", "the policy answer is not JSON"),
                arguments(
                        "[{\"result\":{\"allow\":false,\"reasons\":[]}}] [{\"result\":{\"allow\":true}}]",
                        "the policy answer is not JSON"),
                arguments(
                        "[{\"result\":{\"allow\":false,\"allow\":true,\"reasons\":[]}}]",
                        "the policy answer is not JSON"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("malformedResults")
    void refusesAnyOtherResultSetAsAFaultNeverAVerdict(String resultSet, String message) {
        DecisionException fault = assertThrows(DecisionException.class, () -> DecisionJson.parseWasmResult(resultSet));
        assertEquals(message, fault.getMessage());
    }
}
