package io.labelgate.http;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * Answers a refused request made by a browser for a page (docs/contract.md, "HTTP behaviour", browser
 * column): to the login page, or an HTML page with the reason. API clients get the RFC 6750
 * challenge instead.
 */
@FunctionalInterface
public interface BrowserResponder {

    /**
     * @return true when the request was a browser page request and a response was written
     */
    boolean respond(HttpServletRequest request, HttpServletResponse response, AuthError error) throws IOException;

    /** No browser pages: every client gets the API response. */
    static BrowserResponder none() {
        return (request, response, error) -> false;
    }
}
