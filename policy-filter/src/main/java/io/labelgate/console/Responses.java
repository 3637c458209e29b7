package io.labelgate.console;

import io.labelgate.json.Json;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The answers labelgate's own servlets write besides refusals (which {@code RefusalWriter}
 * writes): a JSON document, a page and a redirect after a form. None may be cached: each reflects
 * the registry at the moment it was asked.
 */
final class Responses {

    /** Every page's policy: nothing but labelgate's own assets, no framing, forms post here only. */
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
            + "frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    private Responses() {}

    /** {@code body} as JSON, with this status. */
    static void json(HttpServletResponse response, int status, Object body) throws IOException {
        byte[] bytes = Json.mapper().writeValueAsBytes(body);
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

    /** An HTML page, with this status, under {@link #CSP}. */
    static void html(HttpServletResponse response, int status, String page) throws IOException {
        byte[] bytes = page.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("text/html;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Content-Security-Policy", CSP);
        response.setHeader("X-Content-Type-Options", "nosniff");
        // same-origin, not no-referrer: with no-referrer browsers send "Origin: null" on same-origin forms
        response.setHeader("Referrer-Policy", "same-origin");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
