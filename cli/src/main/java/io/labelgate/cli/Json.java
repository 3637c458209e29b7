package io.labelgate.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The one JSON mapper of the client. Parse failures never carry Jackson's message, which quotes
 * the input: an answer that holds a token string must not reach stderr through an error.
 */
final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}

    /** The JSON text of a request body. */
    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new CliException(ExitCodes.ERROR, "cannot write the request as JSON");
        }
    }

    /** The parsed answer, or an error naming what was asked when the answer is not JSON. */
    static JsonNode parse(String body, String where) {
        JsonNode node = tryParse(body);
        if (node == null) {
            throw new CliException(
                    ExitCodes.ERROR, "the answer to " + where + " is not JSON (is --url a labelgate app?)");
        }
        return node;
    }

    /** The parsed document, or {@code null} when the text is empty or not JSON. */
    static JsonNode tryParse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** A string field, or {@code null} when absent or not a string. */
    static String text(JsonNode object, String name) {
        JsonNode value = object.get(name);
        return value != null && value.isTextual() ? value.textValue() : null;
    }
}
