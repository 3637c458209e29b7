package io.labelgate.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The outside review's defects, each reproduced over HTTP against the sample (on Payara Micro and
 * on WildFly): a session cookie alone cannot change state, a manage path cannot be walked around,
 * a far-future expiry is a 400 naming the field, and the admin secret cannot be guessed without
 * limit. The sample runs with {@code labelgate.manage.paths=GET /api/model}.
 */
class ReviewDefectsIT extends DeployedApp {

    private static final String NEEDS_CSRF = "a state-changing request made with the session cookie needs the "
            + "session's CSRF token in the X-CSRF-Token header";
    private static final String CROSS_SITE =
            "a state-changing request made with the session cookie must come from " + "this site";
    /** labelgate.admin.max-failures-per-hour's default. */
    private static final int ADMIN_FAILURES_ALLOWED = 20;

    @Deployment(testable = false)
    static WebArchive aiApp() {
        return SampleWar.archive("labelgate.manage.paths=GET /api/model");
    }

    private String origin() {
        return BrowserLogin.origin(uri("/"));
    }

    private String logIn(String credential) {
        return BrowserLogin.logIn(uri("/"), credential);
    }

    private String csrfOf(String session) {
        return BrowserLogin.csrfOf(uri("/"), session);
    }

    private HttpResponse<String> withCookie(String method, String path, String session, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .timeout(Duration.ofSeconds(20))
                .header("Cookie", "labelgate-session=" + session)
                .method(method, HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return Http.send(request.build());
    }

    private String appStatus(String reader) {
        return AdminApi.parse(Http.bearer(uri("/labelgate/api/app"), reader).body())
                .get("status")
                .textValue();
    }

    // ---- defect 2: manage calls with the session cookie alone

    @ParameterizedTest(name = "{0} {1}, {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "POST|/labelgate/api/app/stop|cookie alone",
                "POST|/labelgate/api/app/start|cookie alone",
                "DELETE|/labelgate/api/app|cookie alone",
                "POST|/api/model/reload|cookie alone",
                "POST|/labelgate/api/app/stop|from evil.example",
                "DELETE|/labelgate/api/app|from evil.example",
                "POST|/api/model/reload|from evil.example",
                "POST|/labelgate/api/app/stop|same-site page with the right CSRF token",
                "POST|/api/model/reload|same-site page with the right CSRF token"
            })
    void stateChangingCallWithTheSessionCookieIsRefusedUnlessItCarriesItsCsrfTokenFromThisSite(
            String method, String path, String attack) {
        String session = logIn(api().operator("group=A").token());
        String reader = api().read("group=A").token();
        HttpResponse<String> refused = switch (attack) {
            case "cookie alone" -> withCookie(method, path, session);
            case "from evil.example" ->
                withCookie(method, path, session, "Origin", "http://evil.example", "Sec-Fetch-Site", "cross-site");
            default ->
                withCookie(
                        method,
                        path,
                        session,
                        "Origin",
                        "http://127.0.0.1:1",
                        "Sec-Fetch-Site",
                        "same-site",
                        "X-CSRF-Token",
                        csrfOf(session));
        };

        assertEquals(403, refused.statusCode(), refused::body);
        JsonNode problem = AdminApi.parse(refused.body());
        assertEquals(
                attack.equals("cookie alone") ? NEEDS_CSRF : CROSS_SITE,
                problem.get("detail").textValue());
        assertEquals("running", appStatus(reader), "nothing was changed");
    }

    @Test
    void stateChangingCallWithTheSessionCookieFromThisSiteWithItsCsrfTokenIsDecidedByThePolicy() {
        // the sample's policy bundle lets only a token naming the app by id reload its model
        String session =
                logIn(api().operator("labelgate/id=" + Tokens.appId("ai-app")).token());
        String readerSession = logIn(api().read("group=A").token());
        String csrf = csrfOf(session);

        HttpResponse<String> reloaded = withCookie(
                "POST",
                "/api/model/reload",
                session,
                "Origin",
                origin(),
                "Sec-Fetch-Site",
                "same-origin",
                "X-CSRF-Token",
                csrf);
        HttpResponse<String> readerRefused = withCookie(
                "POST", "/api/model/reload", readerSession, "Origin", origin(), "X-CSRF-Token", csrfOf(readerSession));

        assertEquals(200, reloaded.statusCode(), reloaded::body);
        assertTrue(reloaded.body().startsWith("reloads="), reloaded.body());
        assertEquals(403, readerRefused.statusCode());
        assertEquals(
                "insufficient_scope",
                AdminApi.parse(readerRefused.body()).get("error").textValue());
    }

    @Test
    void bearerTokenCallersNeedNoCsrfToken() {
        String operator =
                api().operator("labelgate/id=" + Tokens.appId("ai-app")).token();

        HttpResponse<String> reloaded = Http.send(HttpRequest.newBuilder(uri("/api/model/reload"))
                .timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + operator)
                .header("Origin", "http://evil.example")
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());

        assertEquals(200, reloaded.statusCode(), reloaded::body);
    }

    // ---- the console's own forms: same-origin check and framing

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(
            delimiter = '|',
            nullValues = "-",
            value = {
                "Origin|http://evil.example",
                "Origin|null",
                "Sec-Fetch-Site|cross-site",
                "Sec-Fetch-Site|same-site"
            })
    void tokensPageFormFromAnotherSiteIsRefusedThoughItCarriesTheCsrfToken(String header, String value) {
        String session = logIn(AdminApi.SECRET);
        int before = AdminApi.parse(api().list().body()).size();

        HttpResponse<String> refused = Http.send(HttpRequest.newBuilder(uri("/labelgate/tokens"))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", "labelgate-session=" + session)
                .header(header, value)
                .POST(HttpRequest.BodyPublishers.ofString(BrowserLogin.form(Map.of(
                        "csrf",
                        csrfOf(session),
                        "action",
                        "create",
                        "name",
                        "forged",
                        "selector",
                        "group=A",
                        "role",
                        "operator",
                        "region",
                        "GRA"))))
                .build());

        assertEquals(403, refused.statusCode());
        assertEquals(before, AdminApi.parse(api().list().body()).size(), "no token was created");
    }

    @Test
    void everyPageForbidsFramingAndPostingFormsElsewhere() {
        String session = logIn(AdminApi.SECRET);
        for (String page : List.of("/labelgate/login", "/labelgate/tokens", "/labelgate/apps")) {
            HttpResponse<String> shown = Http.get(uri(page), "Cookie", "labelgate-session=" + session);

            assertEquals(200, shown.statusCode(), page);
            assertEquals(
                    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
                            + "frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
                    Http.header(shown, "Content-Security-Policy"),
                    page);
            assertEquals("no-store", Http.header(shown, "Cache-Control"), page);
        }
    }

    // ---- defect 3: walking around a manage path

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"GET, /api/model", "GET, /api/model/", "HEAD, /api/model", "HEAD, /api/model/", "GET, /api//model"})
    void readTokenIsRefusedAManagePathHoweverItIsSpelled(String method, String path) {
        String reader = api().read("group=A").token();
        String operator = api().operator("group=A").token();

        HttpResponse<String> refused = Http.send(HttpRequest.newBuilder(uri(path))
                .timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + reader)
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build());
        HttpResponse<String> allowed = Http.send(HttpRequest.newBuilder(uri("/api/model"))
                .timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + operator)
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build());

        assertEquals(403, refused.statusCode());
        assertEquals(
                "Bearer realm=\"ai-app\", error=\"insufficient_scope\", error_description=\"role 'read' does "
                        + "not permit action 'manage'\"",
                Http.header(refused, "WWW-Authenticate"));
        assertEquals(200, allowed.statusCode());
    }

    // ---- defect 5: a far-future expiry

    @ParameterizedTest(name = "{0}")
    @CsvSource({"+1000000000-12-31T23:59:59Z", "+10000-01-01T00:00:00Z"})
    void farFutureExpiryIsABadRequestNamingTheFieldAndCreatesNothing(String expiresAt) {
        int before = AdminApi.parse(api().list().body()).size();
        Map<String, Object> body = new LinkedHashMap<>(
                Map.of("name", "far", "selector", "group=A", "role", "read", "region", "GRA", "expiresAt", expiresAt));

        HttpResponse<String> refused = api().post(body);

        assertEquals(400, refused.statusCode(), refused::body);
        assertEquals("application/problem+json", Http.header(refused, "Content-Type"));
        JsonNode problem = AdminApi.parse(refused.body());
        assertEquals("expiresAt", problem.get("field").textValue());
        assertEquals(
                "must be no later than 9999-12-31T23:59:59Z",
                problem.get("detail").textValue());
        assertEquals(before, AdminApi.parse(api().list().body()).size());
    }

    @Test
    void tokensPageRefusesAFarFutureDateWithAPageNotAStackTrace() {
        String session = logIn(AdminApi.SECRET);
        String csrf = csrfOf(session);

        HttpResponse<String> refused = Http.send(HttpRequest.newBuilder(uri("/labelgate/tokens"))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", "labelgate-session=" + session)
                .header("Origin", origin())
                .POST(HttpRequest.BodyPublishers.ofString(BrowserLogin.form(Map.of(
                        "csrf",
                        csrf,
                        "action",
                        "create",
                        "name",
                        "far",
                        "selector",
                        "group=A",
                        "role",
                        "read",
                        "region",
                        "GRA",
                        "expiresAt",
                        "+999999999-12-31"))))
                .build());

        assertEquals(400, refused.statusCode());
        assertTrue(refused.body().contains("must be no later than 9999-12-31"), refused.body());
        assertFalse(refused.body().contains("Exception") || refused.body().contains("java."), refused.body());
    }

    // ---- defect 6: guessing the admin secret

    @Test
    void wrongAdminSecretsFromOneAddressAreThrottledWhileOtherAddressesAreNot() throws Exception {
        InetAddress guesser = InetAddress.getByName("127.0.0.7");
        byte[] wrong = request("Bearer wrong-admin-secret-" + System.nanoTime());
        List<Integer> statuses = new ArrayList<>();
        for (int attempt = 0; attempt < ADMIN_FAILURES_ALLOWED; attempt++) {
            statuses.add(RawHttp.send(guesser, base.getPort(), wrong).status());
        }
        assertEquals(java.util.Collections.nCopies(ADMIN_FAILURES_ALLOWED, 401), statuses);

        RawHttp.Response throttled = RawHttp.send(guesser, base.getPort(), wrong);
        RawHttp.Response rightSecretFromTheGuesser =
                RawHttp.send(guesser, base.getPort(), request("Bearer " + AdminApi.SECRET));

        assertEquals(429, throttled.status());
        String retryAfter = throttled.header("Retry-After");
        assertNotNull(retryAfter);
        long seconds = Long.parseLong(retryAfter);
        assertTrue(seconds > 3500 && seconds <= 3600, retryAfter);
        assertEquals(
                "too many wrong admin credentials from this address; try again later",
                AdminApi.parse(throttled.body()).get("detail").textValue());
        assertEquals(429, rightSecretFromTheGuesser.status(), "past the limit the right secret is refused too");
        assertEquals(200, api().list().statusCode(), "another address is not affected");
    }

    @Test
    void anAdminCredentialThatIsNotOneTokenIs400AndNotCountedAsAWrongSecret() throws Exception {
        InetAddress client = InetAddress.getByName("127.0.0.8");
        byte[] quoted = request("Bearer \"" + AdminApi.SECRET + "\"");
        for (int attempt = 0; attempt <= ADMIN_FAILURES_ALLOWED; attempt++) {
            RawHttp.Response refused = RawHttp.send(client, base.getPort(), quoted);
            assertEquals(400, refused.status(), "attempt " + attempt);
            assertEquals(
                    "the Bearer credential must be a single token (RFC 6750 section 2.1)",
                    AdminApi.parse(refused.body()).get("detail").textValue());
        }

        assertEquals(
                200,
                RawHttp.send(client, base.getPort(), request("Bearer " + AdminApi.SECRET))
                        .status(),
                "malformed credentials are not wrong secrets: the address is not throttled");
    }

    private byte[] request(String authorization) {
        return ("GET " + uri("/labelgate/api/tokens").getRawPath() + " HTTP/1.1\r\nHost: 127.0.0.1:" + base.getPort()
                        + "\r\nConnection: close\r\nAuthorization: " + authorization + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }
}
