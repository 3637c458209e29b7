package io.labelgate.it.browser;

import io.labelgate.it.AdminApi;
import io.labelgate.it.DeployedPlainSample;
import io.labelgate.it.Http;
import io.labelgate.it.IssuedSecrets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The login form's HTTP exchange, seen on the wire with java.net.http: the session cookie's exact
 * attributes, the CSRF check and the redirect of unauthenticated page visits.
 */
class SessionCookieIT extends DeployedPlainSample {

    /** What Chromium sends for a page navigation. */
    private static final String BROWSER_ACCEPT =
            "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8";

    private static final Pattern INPUT = Pattern.compile("<input\\b[^>]*>", Pattern.CASE_INSENSITIVE);
    private static final Pattern NAME = Pattern.compile("\\bname=\"([^\"]*)\"", Pattern.CASE_INSENSITIVE);
    private static final Pattern VALUE = Pattern.compile("\\bvalue=\"([^\"]*)\"", Pattern.CASE_INSENSITIVE);

    private URI login() {
        return uri("/labelgate/login");
    }

    /** A cookie as a Set-Cookie header states it: attribute names lower-cased, values as sent. */
    record SetCookie(String name, String value, Set<String> attributes) {
        static SetCookie parse(String header) {
            String[] parts = header.split(";");
            String[] pair = parts[0].trim().split("=", 2);
            Set<String> attributes = new java.util.TreeSet<>();
            for (int i = 1; i < parts.length; i++) {
                String[] attribute = parts[i].trim().split("=", 2);
                attributes.add(
                        attribute[0].toLowerCase(Locale.ROOT) + (attribute.length == 2 ? "=" + attribute[1] : ""));
            }
            return new SetCookie(pair[0], pair.length == 2 ? pair[1] : "", attributes);
        }

        @Override
        public String toString() {
            return "SetCookie[" + name + ", " + attributes + "]";
        }
    }

    /** The login form as served: its CSRF field and the CSRF cookie that goes with it. */
    record LoginForm(String csrfField, String csrfCookie) {
        @Override
        public String toString() {
            return "LoginForm[csrf]";
        }
    }

    @Test
    void unauthenticatedPageVisitIsRedirectedToLoginWithTheOriginalPathAsNext() {
        HttpResponse<String> home = Http.get(root(), "Accept", BROWSER_ACCEPT);
        HttpResponse<String> withQuery = Http.get(Http.loopback(base, "/?lang=fr&x=a%26b"), "Accept", BROWSER_ACCEPT);

        assertEquals(302, home.statusCode());
        URI location = root().resolve(Http.header(home, "Location"));
        assertEquals("127.0.0.1", location.getHost());
        assertEquals(LoginPage.PATH, location.getPath());
        assertEquals(Optional.of("/ai-app/"), LoginPage.queryParameter(location, "next"));
        assertEquals(302, withQuery.statusCode());
        assertEquals(
                Optional.of("/ai-app/?lang=fr&x=a%26b"),
                LoginPage.queryParameter(root().resolve(Http.header(withQuery, "Location")), "next"));
    }

    @Test
    void unauthenticatedApiCallStillGets401WithTheBearerChallenge() {
        HttpResponse<String> api = Http.get(root(), "Accept", "application/json");

        assertEquals(401, api.statusCode());
        assertEquals("Bearer realm=\"ai-app\"", Http.header(api, "WWW-Authenticate"));
        assertEquals(List.of(), sessionCookies(api));
    }

    @Test
    void loginSetsAnHttpOnlySameSiteStrictSessionCookieAndRedirectsToNext() {
        AdminApi.Created reader = new AdminApi(root()).read("group=A");
        LoginForm form = fetchForm();

        HttpResponse<String> loggedIn = postLogin(
                Map.of("token", reader.token(), "csrf", form.csrfField(), "next", "/ai-app/"), form.csrfCookie());

        assertEquals(303, loggedIn.statusCode());
        assertEquals(
                "/ai-app/", login().resolve(Http.header(loggedIn, "Location")).getPath());
        List<SetCookie> sessions = sessionCookies(loggedIn);
        assertEquals(
                1,
                sessions.size(),
                () -> "one session cookie in " + loggedIn.headers().allValues("Set-Cookie"));
        SetCookie session = sessions.get(0);
        assertEquals(
                Set.of("path=/", "httponly", "samesite=Strict"),
                session.attributes(),
                "over plain HTTP: no Secure, no Domain, no Max-Age (a browser-session cookie)");
        assertFalse(session.value().isBlank());
        assertFalse(session.value().contains(reader.token()), "the cookie never carries the token");
        HttpResponse<String> app =
                Http.get(root(), "Accept", BROWSER_ACCEPT, "Cookie", "labelgate-session=" + session.value());
        assertEquals(200, app.statusCode());
        assertEquals("Hello, World!", app.body());
    }

    @ParameterizedTest(name = "csrf field {0}, csrf cookie {1}")
    @CsvSource({
        "absent, absent",
        "matching, absent",
        "absent, present",
        "other, present",
    })
    void forgedLoginFormIsRefusedWith403AndOpensNoSession(String field, String cookie) {
        AdminApi.Created reader = new AdminApi(root()).read("group=A");
        LoginForm form = fetchForm();
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("token", reader.token());
        fields.put("next", "/ai-app/");
        switch (field) {
            case "matching" -> fields.put("csrf", form.csrfField());
            case "other" -> fields.put("csrf", fetchForm().csrfField());
            case "absent" -> {}
            default -> throw new IllegalArgumentException(field);
        }

        HttpResponse<String> forged = postLogin(fields, "present".equals(cookie) ? form.csrfCookie() : null);

        assertEquals(403, forged.statusCode());
        assertEquals(List.of(), sessionCookies(forged));
    }

    @Test
    void badTokenGetsTheLoginPageAgainWithAMessageAndNoSession() {
        LoginForm form = fetchForm();

        HttpResponse<String> refused = postLogin(
                Map.of("token", "not-a-labelgate-token", "csrf", form.csrfField(), "next", "/ai-app/"),
                form.csrfCookie());

        assertEquals(200, refused.statusCode());
        assertTrue(refused.body().contains("id=\"message\""), "the login page shows #message");
        assertTrue(refused.body().contains(LoginPage.INVALID_TOKEN), "with the plain sentence");
        assertEquals(List.of(), sessionCookies(refused));
    }

    private LoginForm fetchForm() {
        HttpResponse<String> page = Http.get(URI.create(login() + "?next=%2Fai-app%2F"), "Accept", BROWSER_ACCEPT);
        assertEquals(200, page.statusCode());
        String csrfCookie = page.headers().allValues("Set-Cookie").stream()
                .map(SetCookie::parse)
                .filter(cookie -> cookie.name().equals("labelgate-csrf"))
                .map(SetCookie::value)
                .findFirst()
                .orElseThrow(() -> new AssertionError("the login page sets the labelgate-csrf cookie"));
        IssuedSecrets.record(csrfCookie);
        return new LoginForm(hiddenValue(page.body(), "csrf"), csrfCookie);
    }

    private HttpResponse<String> postLogin(Map<String, String> fields, String csrfCookie) {
        String body = fields.entrySet().stream()
                .map(field -> URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest.Builder request = HttpRequest.newBuilder(login())
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", BROWSER_ACCEPT)
                .header("Origin", "http://127.0.0.1:" + base.getPort())
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (csrfCookie != null) {
            request.header("Cookie", "labelgate-csrf=" + csrfCookie);
        }
        return Http.send(request.build());
    }

    /** The session cookies a response sets, each recorded in {@link IssuedSecrets}. */
    private static List<SetCookie> sessionCookies(HttpResponse<?> response) {
        List<SetCookie> sessions = response.headers().allValues("Set-Cookie").stream()
                .map(SetCookie::parse)
                .filter(cookie -> cookie.name().equals("labelgate-session")
                        || cookie.name().equals("__Host-labelgate-session"))
                .filter(cookie -> !cookie.value().isEmpty())
                .toList();
        sessions.forEach(cookie -> IssuedSecrets.record(cookie.value()));
        return sessions;
    }

    private static String hiddenValue(String html, String name) {
        Matcher inputs = INPUT.matcher(html);
        while (inputs.find()) {
            Matcher nameOf = NAME.matcher(inputs.group());
            if (nameOf.find() && nameOf.group(1).equals(name)) {
                Matcher value = VALUE.matcher(inputs.group());
                if (value.find()) {
                    return value.group(1);
                }
            }
        }
        throw new AssertionError("the login page has no input named " + name + " with a value");
    }
}
