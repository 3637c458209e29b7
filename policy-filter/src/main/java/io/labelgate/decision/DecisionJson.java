package io.labelgate.decision;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.labelgate.json.Json;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The one JSON mapping of decisions, shared by every engine: writes {@link DecisionInput} and
 * parses the policy's answer strictly.
 */
public final class DecisionJson {

    private static final ObjectMapper MAPPER = Json.mapper();

    private DecisionJson() {}

    /** The input document as JSON text. */
    public static String write(DecisionInput input) {
        try {
            return MAPPER.writeValueAsString(input);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a decision input", e);
        }
    }

    /** The input document wrapped as OPA's REST API expects it: {@code {"input": ...}}. */
    public static String writeRequest(DecisionInput input) {
        try {
            return MAPPER.writeValueAsString(Map.of("input", input));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a decision input", e);
        }
    }

    /**
     * Reads a decision document: an object with a boolean {@code allow} and an array of strings
     * {@code reasons}. Anything else — missing, wrongly typed, an allow with reasons — is a fault.
     */
    public static Decision parseDecision(JsonNode document) throws DecisionException {
        if (document == null || !document.isObject()) {
            throw new DecisionException("the policy answer is not an object");
        }
        JsonNode allow = document.get("allow");
        if (allow == null || !allow.isBoolean()) {
            throw new DecisionException("the policy answer has no boolean \"allow\"");
        }
        JsonNode reasons = document.get("reasons");
        if (reasons == null || !reasons.isArray()) {
            throw new DecisionException("the policy answer has no array \"reasons\"");
        }
        List<String> texts = new ArrayList<>(reasons.size());
        for (JsonNode reason : reasons) {
            if (!reason.isTextual()) {
                throw new DecisionException("the policy answer has a reason that is not a string");
            }
            texts.add(reason.textValue());
        }
        if (allow.booleanValue() && !texts.isEmpty()) {
            throw new DecisionException("the policy answer allows and gives reasons to deny");
        }
        return new Decision(allow.booleanValue(), texts);
    }

    /**
     * Reads the answer of OPA's REST API to {@code POST /v1/data/<path>}: an object whose
     * {@code result} is the decision document. No {@code result} (the path is undefined: no policy
     * loaded there) is a fault, never a deny or an allow; other members OPA may add
     * ({@code decision_id}, {@code metrics}) are ignored.
     */
    public static Decision parseRestAnswer(byte[] answer) throws DecisionException {
        JsonNode root;
        try {
            root = MAPPER.readTree(answer);
        } catch (IOException e) {
            throw new DecisionException("the policy answer is not JSON");
        }
        if (root == null || !root.isObject()) {
            throw new DecisionException("the policy answer is not an object");
        }
        if (!root.has("result")) {
            throw new DecisionException("the policy answer has no \"result\": is the policy loaded at that path?");
        }
        return parseDecision(root.get("result"));
    }

    /**
     * Reads OPA's Wasm result set: exactly {@code [{"result": <decision document>}]}.
     * An empty set (the entrypoint was undefined) is a fault, never a deny or an allow.
     */
    public static Decision parseWasmResult(String resultSet) throws DecisionException {
        JsonNode root;
        try {
            root = MAPPER.readTree(resultSet);
        } catch (JsonProcessingException e) {
            throw new DecisionException("the policy answer is not JSON");
        }
        if (root == null || !root.isArray() || root.size() != 1 || !root.get(0).isObject()) {
            throw new DecisionException("the policy gave no single result");
        }
        return parseDecision(root.get(0).get("result"));
    }
}
