package io.labelgate.console;

import io.labelgate.decision.DecisionJson;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * The answers labelgate's own servlets write besides refusals (which {@code RefusalWriter}
 * writes): a JSON document and a redirect after a form. None may be cached: each reflects the
 * registry at the moment it was asked.
 */
final class Responses {

    private Responses() {
    }

    /** {@code body} as JSON, with this status. */
    static void json(HttpServletResponse response, int status, Object body) throws IOException {
        byte[] bytes = DecisionJson.mapper().writeValueAsBytes(body);
        response.setStatus(status);
        response.setHeader("Cache-Control", "no-store");
        response.setContentType("application/json");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    /** 303 See Other to {@code location}: after a form's POST, the browser GETs the page. */
    static void redirect(HttpServletResponse response, String location) {
        response.setStatus(303);
        response.setHeader("Location", location);
        response.setHeader("Cache-Control", "no-store");
    }
}
