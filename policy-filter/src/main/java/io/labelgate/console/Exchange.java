package io.labelgate.console;

import io.labelgate.console.Template.Markup;
import io.labelgate.http.SameOrigin;
import io.labelgate.http.ServletRequestView;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.Objects;

/** One request to the console and its response, with what every page's handler needs of them. */
final class Exchange {

    private final HttpServletRequest request;
    private final HttpServletResponse response;

    Exchange(HttpServletRequest request, HttpServletResponse response) {
        this.request = Objects.requireNonNull(request, "request");
        this.response = Objects.requireNonNull(response, "response");
    }

    HttpServletRequest request() {
        return request;
    }

    HttpServletResponse response() {
        return response;
    }

    /** The request as the security code reads it. */
    ServletRequestView view() {
        return new ServletRequestView(request);
    }

    /** The console's base path, e.g. {@code /ai-app/labelgate}. */
    String base() {
        return request.getContextPath() + request.getServletPath();
    }

    String parameter(String name) {
        return request.getParameter(name);
    }

    /** The URL asked for, path and query, as the browser sent it. */
    String here() {
        return request.getRequestURI() + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
    }

    /** Whether a form came from a page of this site ({@link SameOrigin}), when the browser says where from. */
    boolean sameOrigin() {
        return SameOrigin.test(view());
    }

    void page(int status, Markup page) throws IOException {
        Responses.html(response, status, page.toString());
    }

    /** {@link ErrorPage}: the title and one plain sentence. */
    void error(int status, String title, String sentence) throws IOException {
        page(status, ErrorPage.render(base(), title, sentence));
    }

    /** 403 for a form without its CSRF token, or posted from another site. */
    void formExpired() throws IOException {
        error(403, "Form expired", "This form was not sent by this page. Reload the page and try again.");
    }

    void redirect(String location) {
        Responses.redirect(response, location);
    }
}
