package io.labelgate.cli;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Turns a refusal into the one line {@code labelgate} prints. labelgate answers errors with RFC
 * 9457 problem documents ({@code {"type","title","status","detail","error"?,"field"?}}); the
 * line is the {@code detail}, plus {@code (field <field>)} when the server named one. Anything
 * else (a proxy's HTML page, an empty body) is described by its status and where it came from.
 */
final class ProblemMessage {

    private ProblemMessage() {}

    /**
     * @param status the HTTP status
     * @param body   the response body, possibly empty or not JSON
     * @param where  method and URL of the request, e.g. {@code GET http://127.0.0.1:8080/ai-app/labelgate/api/app}
     */
    static String describe(int status, String body, String where) {
        JsonNode problem = Json.tryParse(body);
        if (problem != null && problem.isObject()) {
            String detail = text(problem, "detail");
            if (detail == null) {
                detail = text(problem, "title");
            }
            if (detail != null) {
                String field = text(problem, "field");
                return OneLine.of(field == null ? detail : detail + " (field " + field + ")");
            }
        }
        return OneLine.of("the server answered HTTP " + status + " to " + where
                + (status == 404 ? " (is --url the app's base URL, e.g. http://127.0.0.1:8080/ai-app?)" : ""));
    }

    /** The {@code field} a problem document names, or {@code null} when the body is not one or names none. */
    static String field(String body) {
        JsonNode problem = Json.tryParse(body);
        return problem != null && problem.isObject() ? text(problem, "field") : null;
    }

    private static String text(JsonNode object, String name) {
        JsonNode value = object.get(name);
        return value != null && value.isTextual() && !value.textValue().isBlank() ? value.textValue() : null;
    }
}
