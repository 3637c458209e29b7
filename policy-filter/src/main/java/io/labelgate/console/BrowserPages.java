package io.labelgate.console;

import io.labelgate.http.AuthError;
import io.labelgate.http.BrowserResponder;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;

/**
 * The browser column of docs/contract.md's HTTP table, for GET/HEAD requests that accept
 * {@code text/html}: no token → 302 to the login page with the original URL kept; a bad,
 * regenerated, deleted or expired token → the login page with a message (and the session cookie
 * cleared); a policy denial → a 403 page with the reason; a fault → a 503 page.
 */
public final class BrowserPages implements BrowserResponder {

    private final String consolePath;

    /** @param consolePath where the console is served inside the app, e.g. {@code /labelgate} */
    public BrowserPages(String consolePath) {
        this.consolePath = Objects.requireNonNull(consolePath, "consolePath");
    }

    /** A page request from a browser, as opposed to an API call. */
    static boolean isPageRequest(HttpServletRequest request) {
        String method = request.getMethod();
        String accept = request.getHeader("Accept");
        return (method.equals("GET") || method.equals("HEAD"))
                && accept != null
                && accept.toLowerCase(Locale.ROOT).contains("text/html");
    }

    @Override
    public boolean respond(HttpServletRequest request, HttpServletResponse response, AuthError error)
            throws IOException {
        if (!isPageRequest(request)) {
            return false;
        }
        String base = request.getContextPath() + consolePath;
        String here =
                request.getRequestURI() + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
        String login = base + "/login?next=" + URLEncoder.encode(here, StandardCharsets.UTF_8);
        response.resetBuffer();
        response.setHeader("Cache-Control", "no-store");
        switch (error.status()) {
            case 401 -> {
                if (AuthError.INVALID_TOKEN.equals(error.code())) {
                    response.addHeader("Set-Cookie", Cookies.clear(Cookies.SESSION, request.isSecure()));
                    response.sendRedirect(
                            login + "&reason=" + ("session ended".equals(error.description()) ? "session" : "invalid"));
                } else {
                    response.sendRedirect(login);
                }
            }
            case 403 ->
                page(
                        response,
                        403,
                        base,
                        "Access denied",
                        "Your token does not give access here: " + error.description() + ".");
            case 503 ->
                page(
                        response,
                        503,
                        base,
                        "Unavailable",
                        "Access cannot be checked right now, so it is refused. Try again in a moment.");
            default -> page(response, error.status(), base, "Bad request", error.description() + ".");
        }
        return true;
    }

    private static void page(HttpServletResponse response, int status, String base, String title, String sentence)
            throws IOException {
        Responses.html(response, status, ErrorPage.render(base, title, sentence).toString());
    }
}
