package io.labelgate.it;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The "Login with token" form driven over HTTP as a browser would, for tests that need a session cookie. */
final class BrowserLogin {

    private static final Pattern CSRF_INPUT =
            Pattern.compile("<input type=\"hidden\" name=\"csrf\" value=\"([^\"]+)\">");

    private BrowserLogin() {}

    /** The origin a page of the app at {@code appRoot} sends. */
    static String origin(URI appRoot) {
        return appRoot.getScheme() + "://" + appRoot.getHost() + ":" + appRoot.getPort();
    }

    /** Logs in with a token or the admin secret; returns the session cookie's value (recorded as a secret). */
    static String logIn(URI appRoot, String credential) {
        URI login = appRoot.resolve("labelgate/login");
        HttpResponse<String> page = Http.get(login, "Accept", "text/html");
        assertEquals(200, page.statusCode());
        String csrfCookie = cookie(page, "labelgate-csrf");
        Matcher field = CSRF_INPUT.matcher(page.body());
        assertTrue(field.find(), "the login form has its CSRF field");
        HttpResponse<String> loggedIn = Http.send(HttpRequest.newBuilder(login)
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Origin", origin(appRoot))
                .header("Cookie", "labelgate-csrf=" + csrfCookie)
                .POST(HttpRequest.BodyPublishers.ofString(
                        form(Map.of("token", credential, "csrf", field.group(1), "next", appRoot.getPath()))))
                .build());
        assertEquals(303, loggedIn.statusCode(), loggedIn::body);
        return cookie(loggedIn, "labelgate-session");
    }

    /** The session's CSRF token, read as the application's own scripts read it. */
    static String csrfOf(URI appRoot, String session) {
        HttpResponse<String> answer =
                Http.get(appRoot.resolve("labelgate/session"), "Cookie", "labelgate-session=" + session);
        assertEquals(200, answer.statusCode(), answer::body);
        JsonNode document = AdminApi.parse(answer.body());
        assertEquals("X-CSRF-Token", document.get("csrfHeader").textValue());
        return document.get("csrfToken").textValue();
    }

    /** A form body, URL-encoded. */
    static String form(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(field -> URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static String cookie(HttpResponse<String> response, String name) {
        String value = response.headers().allValues("Set-Cookie").stream()
                .filter(cookie -> cookie.startsWith(name + "=") && !cookie.startsWith(name + "=;"))
                .map(cookie -> cookie.substring(name.length() + 1, cookie.indexOf(';')))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " cookie in "
                        + response.headers().allValues("Set-Cookie").size() + " Set-Cookie headers"));
        IssuedSecrets.record(value);
        return value;
    }
}
