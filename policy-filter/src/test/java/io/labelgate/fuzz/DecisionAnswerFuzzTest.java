package io.labelgate.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.labelgate.decision.Decision;
import io.labelgate.decision.DecisionException;
import io.labelgate.decision.DecisionJson;
import io.labelgate.json.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzzes the parsing of the policy engine's answer, which decides between 403, 503 and letting a
 * request through: a malformed answer must be a fault (503), never a verdict.
 *
 * <p>Accepted answers are checked against an independent reading of the same JSON by a plain
 * Jackson mapper: the decision says exactly what the document says, and never allows while
 * giving reasons to deny.
 */
class DecisionAnswerFuzzTest {

    /** Reads what the strict parser accepted a second time, to compare. */
    private static final ObjectMapper PLAIN = new ObjectMapper();

    /** The only descriptions of a malformed answer: fixed sentences, never a piece of the answer. */
    private static final Set<String> FAULTS = Set.of(
            "the policy answer is not JSON",
            "the policy gave no single result",
            "the policy answer is not an object",
            "the policy answer has no boolean \"allow\"",
            "the policy answer has no array \"reasons\"",
            "the policy answer has a reason that is not a string",
            "the policy answer allows and gives reasons to deny");

    /** The input is the text of an OPA Wasm result set, decoded as UTF-8. */
    @FuzzTest
    void wasmResultIsADecisionTheDocumentStatesOrAFault(byte[] input) throws IOException {
        String resultSet = new String(input, StandardCharsets.UTF_8);
        Decision decision;
        try {
            decision = DecisionJson.parseWasmResult(resultSet);
        } catch (DecisionException fault) {
            assertTrue(FAULTS.contains(fault.getMessage()), "unexpected fault description");
            return;
        }
        JsonNode resultSetNode = PLAIN.readTree(resultSet);
        assertTrue(
                resultSetNode.isArray() && resultSetNode.size() == 1, "accepted a result set of other than one result");
        assertStates(resultSetNode.get(0).get("result"), decision);
    }

    /**
     * The input is a decision document as the remote engine hands it over: the JSON that
     * {@link DecisionJson#mapper()} read from OPA's answer. Input that mapper refuses never reaches
     * the parser, so it is skipped.
     */
    @FuzzTest
    void decisionDocumentIsADecisionTheDocumentStatesOrAFault(byte[] input) {
        JsonNode document;
        try {
            document = Json.mapper().readTree(input);
        } catch (IOException notJson) {
            return;
        }
        Decision decision;
        try {
            decision = DecisionJson.parseDecision(document);
        } catch (DecisionException fault) {
            assertTrue(FAULTS.contains(fault.getMessage()), "unexpected fault description");
            return;
        }
        assertStates(document, decision);
    }

    private static void assertStates(JsonNode document, Decision decision) {
        assertTrue(document.isObject(), "accepted a document that is not an object");
        JsonNode allow = document.get("allow");
        assertTrue(allow.isBoolean(), "accepted an allow that is not a boolean");
        assertEquals(allow.booleanValue(), decision.allow());
        List<String> reasons = new ArrayList<>();
        for (JsonNode reason : document.get("reasons")) {
            assertTrue(reason.isTextual(), "accepted a reason that is not a string");
            reasons.add(reason.textValue());
        }
        assertEquals(reasons, decision.reasons());
        assertFalse(decision.allow() && !decision.reasons().isEmpty(), "an allow that gives reasons to deny");
    }
}
