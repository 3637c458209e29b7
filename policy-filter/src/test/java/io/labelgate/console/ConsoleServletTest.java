package io.labelgate.console;

import io.labelgate.config.Secret;
import io.labelgate.registry.AuditQuery;
import io.labelgate.registry.ExpiryRule;
import io.labelgate.registry.ExpiryWarning;
import io.labelgate.registry.Freshness;
import io.labelgate.registry.IssuedToken;
import io.labelgate.registry.JdbcRegistry;
import io.labelgate.registry.KeyEncryption;
import io.labelgate.registry.KeyRing;
import io.labelgate.registry.NewToken;
import io.labelgate.registry.RevocationCheckingVerifier;
import io.labelgate.registry.TestDataSources;
import io.labelgate.registry.TokenService;
import io.labelgate.token.JwtSettings;
import io.labelgate.token.JwtTokenVerifier;
import io.labelgate.token.TokenIssuer;
import io.labelgate.token.VerificationKeys;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The console's routes, each request through the servlet as a container would send it. */
class ConsoleServletTest {

    private static final String ADMIN = "an-admin-secret-of-some-length";

    private final JdbcRegistry registry = JdbcRegistry.migrate(TestDataSources.h2());
    private final KeyRing keys = KeyRing.open(
            registry, KeyEncryption.fromBase64(KeyEncryption.generateBase64()), "RS256", Clock.systemUTC());
    private final RevocationCheckingVerifier verifier = new RevocationCheckingVerifier(
            new JwtTokenVerifier(
                    JwtSettings.defaults(),
                    VerificationKeys.builder().resolver(keys).build()),
            registry,
            Freshness.always(),
            100,
            Clock.systemUTC());
    private final TokenService tokens = new TokenService(
            registry,
            () -> new TokenIssuer(keys.signingKey(), JwtSettings.defaults()),
            Clock.systemUTC(),
            verifier::invalidate);
    private final BrowserSessions sessions = new BrowserSessions(
            registry,
            verifier,
            verifier,
            Optional.of(Secret.of(ADMIN)),
            Freshness.always(),
            Duration.ofHours(1),
            3,
            Clock.systemUTC(),
            keys);
    private final ConsoleServlet servlet = new ConsoleServlet(
            sessions,
            tokens,
            ExpiryRule.NONE,
            new ExpiryWarning(Duration.ofDays(14)),
            registry,
            input -> {
                throw new AssertionError("no decision is asked for here");
            },
            "ai-app",
            Optional.empty(),
            registry,
            Duration.ofDays(400),
            true);

    /** A request to {@code /ai-app/labelgate<path>}. */
    private record Request(
            String method,
            String path,
            String query,
            Map<String, String> parameters,
            Map<String, String> headers,
            String user) {

        Request(String method, String path, String query, Map<String, String> parameters, Map<String, String> headers) {
            this(method, path, query, parameters, headers, null);
        }

        /** The same request from a user the container authenticated in role labelgate-admin. */
        Request asAdministrator(String name) {
            return new Request(method, path, query, parameters, headers, name);
        }

        static Request get(String path) {
            return new Request("GET", path, null, Map.of(), Map.of());
        }

        Request with(String method, Map<String, String> newParameters, Map<String, String> newHeaders) {
            return new Request(method, path, query, newParameters, newHeaders, user);
        }

        HttpServletRequest servletRequest() {
            return (HttpServletRequest) Proxy.newProxyInstance(
                    ConsoleServletTest.class.getClassLoader(),
                    new Class<?>[] {HttpServletRequest.class},
                    (proxy, call, args) -> switch (call.getName()) {
                        case "getMethod" -> method;
                        case "getContextPath" -> "/ai-app";
                        case "getServletPath" -> "/labelgate";
                        case "getPathInfo" -> path;
                        case "getRequestURI" -> "/ai-app/labelgate" + path;
                        case "getQueryString" -> query;
                        case "getParameter" -> parameters.get((String) args[0]);
                        case "getHeader" -> headers.get((String) args[0]);
                        case "getHeaders" ->
                            Collections.enumeration(
                                    headers.containsKey((String) args[0])
                                            ? List.of(headers.get((String) args[0]))
                                            : List.of());
                        case "isSecure" -> false;
                        case "getRemoteAddr", "getServerName" -> "127.0.0.1";
                        case "getScheme" -> "http";
                        case "getUserPrincipal" -> user == null ? null : (Principal) () -> user;
                        case "isUserInRole" -> user != null && args[0].equals("labelgate-admin");
                        case "authenticate" -> {
                            if (user == null) {
                                throw new ServletException("no such user");
                            }
                            yield true;
                        }
                        case "getServerPort" -> 8080;
                        default -> throw new UnsupportedOperationException(call.getName());
                    });
        }
    }

    /** What the servlet answered. */
    private static final class Answer {
        int status = 200;
        final Map<String, List<String>> headers = new HashMap<>();
        final ByteArrayOutputStream body = new ByteArrayOutputStream();

        String header(String name) {
            List<String> values = headers.getOrDefault(name, List.of());
            return values.isEmpty() ? null : values.get(values.size() - 1);
        }

        String body() {
            return body.toString(StandardCharsets.UTF_8);
        }

        HttpServletResponse servletResponse() {
            ServletOutputStream out = new ServletOutputStream() {
                @Override
                public void write(int b) {
                    body.write(b);
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setWriteListener(WriteListener listener) {}
            };
            return (HttpServletResponse) Proxy.newProxyInstance(
                    ConsoleServletTest.class.getClassLoader(),
                    new Class<?>[] {HttpServletResponse.class},
                    (proxy, call, args) -> {
                        switch (call.getName()) {
                            case "getOutputStream" -> {
                                return out;
                            }
                            case "setStatus" -> status = (Integer) args[0];
                            case "setHeader" ->
                                headers.put((String) args[0], new ArrayList<>(List.of((String) args[1])));
                            case "addHeader" ->
                                headers.computeIfAbsent((String) args[0], name -> new ArrayList<>())
                                        .add((String) args[1]);
                            case "setContentType" -> headers.put("Content-Type", List.of((String) args[0]));
                            case "setContentLength" -> {}
                            default -> throw new UnsupportedOperationException(call.getName());
                        }
                        return null;
                    });
        }
    }

    private Answer send(Request request) throws IOException {
        Answer answer = new Answer();
        servlet.service(request.servletRequest(), answer.servletResponse());
        return answer;
    }

    /** Opens the login page, then posts its form with {@code credential}. */
    private Answer logIn(String credential, String next) throws IOException {
        Answer page = send(Request.get("/login"));
        String cookie = page.headers.get("Set-Cookie").get(0).split(";")[0];
        Matcher field = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(page.body());
        assertTrue(field.find(), page.body());
        return send(Request.get("/login")
                .with(
                        "POST",
                        Map.of("csrf", field.group(1), "token", credential, "next", next),
                        Map.of("Cookie", cookie)));
    }

    private static String sessionCookie(Answer loggedIn) {
        return loggedIn.headers.get("Set-Cookie").stream()
                .filter(cookie -> cookie.startsWith(Cookies.SESSION + "="))
                .findFirst()
                .orElseThrow()
                .split(";")[0];
    }

    @Test
    void anUnknownPathGetsTheConsolesOwnNotFoundPage() throws IOException {
        Answer answer = send(Request.get("/nowhere"));

        assertEquals(404, answer.status);
        assertEquals(Responses.CSP, answer.header("Content-Security-Policy"));
        assertEquals("no-store", answer.header("Cache-Control"));
        assertTrue(
                answer.body().contains("<p id=\"message\" role=\"alert\">There is no such page.</p>"), answer.body());
    }

    @Test
    void theAssetsAreServedByGetOnly() throws IOException {
        Answer css = send(Request.get("/assets/labelgate.css"));
        Answer js = send(Request.get("/assets/labelgate.js"));

        assertTrue(css.body().contains("table.list td::before { content: attr(data-label);"), "the lists' rules");
        assertEquals("text/css;charset=UTF-8", css.header("Content-Type"));
        assertEquals("public, max-age=300", css.header("Cache-Control"));
        assertTrue(css.body().contains("labelgate's pages"), css.body());
        assertEquals("text/javascript;charset=UTF-8", js.header("Content-Type"));
        assertEquals(404, send(Request.get("/assets/other.css")).status);
        assertEquals(404, send(Request.get("/assets/lists.css")).status, "the lists' rules are in labelgate.css");
        assertEquals(404, send(Request.get("/assets/labelgate.css").with("POST", Map.of(), Map.of())).status);
    }

    @Test
    void anAdministratorsPageSendsABrowserWithoutASessionToLogInAndBack() throws IOException {
        Answer answer = send(new Request("GET", "/apps", "x=1", Map.of(), Map.of()));

        assertEquals(303, answer.status);
        assertEquals("/ai-app/labelgate/login?next=%2Fai-app%2Flabelgate%2Fapps%3Fx%3D1", answer.header("Location"));
    }

    @Test
    void theAdminSecretOnTheLoginPageOpensTheTokensPageNotTheApp() throws IOException {
        Answer loggedIn = logIn(ADMIN, "/ai-app/");

        assertEquals(303, loggedIn.status);
        assertEquals("/ai-app/labelgate/tokens", loggedIn.header("Location"));
        Answer page = send(Request.get("/tokens").with("GET", Map.of(), Map.of("Cookie", sessionCookie(loggedIn))));
        assertEquals(200, page.status);
        assertTrue(page.body().contains("<table id=\"tokens\" class=\"list\">"), page.body());
    }

    @Test
    void anAppTokenLogsInToWhereItWasGoing() throws IOException {
        IssuedToken issued = tokens.create(new NewToken("n", "group=A", null, "read", "GRA", null));

        Answer loggedIn = logIn(issued.tokenString(), "/ai-app/api/hello?x=1");

        assertEquals(303, loggedIn.status);
        assertEquals("/ai-app/api/hello?x=1", loggedIn.header("Location"));
    }

    @Test
    void theTokensPageTakesGetAndItsFormsPostOnly() throws IOException {
        String session = sessionCookie(logIn(ADMIN, "/ai-app/labelgate/tokens"));

        Answer put = send(Request.get("/tokens").with("PUT", Map.of(), Map.of("Cookie", session)));
        Answer forged = send(
                Request.get("/tokens").with("POST", Map.of("action", "delete", "id", "x"), Map.of("Cookie", session)));

        assertEquals(405, put.status);
        assertEquals(403, forged.status);
        assertTrue(forged.body().contains("Form expired"), forged.body());
    }

    private List<String> audited(String actor) {
        return registry
                .entries(new AuditQuery(
                        Optional.empty(),
                        Optional.of(actor),
                        Optional.empty(),
                        Optional.empty(),
                        OptionalLong.empty(),
                        AuditQuery.MAX_LIMIT))
                .entries()
                .stream()
                .map(entry ->
                        entry.event().action().wireName() + " " + entry.event().target() + " from "
                                + entry.event().actor().address().orElse("-"))
                .toList();
    }

    @Test
    void signingInWithTheAdminSecretAndFailingToAreBothAudited() throws IOException {
        logIn(ADMIN, "/ai-app/labelgate/tokens");
        Answer refused = logIn("not-a-token-nor-the-secret", "/ai-app/labelgate/tokens");

        assertEquals(200, refused.status);
        assertEquals(List.of("admin.signed-in console from 127.0.0.1"), audited("admin-secret"));
        assertEquals(List.of("sign-in.refused console from 127.0.0.1"), audited("unknown"));
    }

    @Test
    void aTokenDeletedOnTheTokensPageIsAuditedAsTheAdminSession() throws IOException {
        String id = tokens.create(new NewToken("n", "group=A", null, "read", "GRA", null))
                .token()
                .id();
        String session = sessionCookie(logIn(ADMIN, "/ai-app/labelgate/tokens"));
        Answer page = send(Request.get("/tokens").with("GET", Map.of(), Map.of("Cookie", session)));
        Matcher csrf = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(page.body());
        assertTrue(csrf.find(), page.body());

        Answer deleted = send(Request.get("/tokens")
                .with(
                        "POST",
                        Map.of("action", "delete", "id", id, "csrf", csrf.group(1)),
                        Map.of("Cookie", session, "Origin", "http://127.0.0.1:8080", "Host", "127.0.0.1:8080")));

        assertEquals(303, deleted.status);
        assertEquals(
                List.of("token.deleted " + id + " from 127.0.0.1", "admin.signed-in console from 127.0.0.1"),
                audited("admin-secret"));
    }

    @Test
    void theAuditPageListsTheTrailForAnAdminAndNamesABadFilter() throws IOException {
        String id = tokens.create(new NewToken("n", "group=A", null, "read", "GRA", null))
                .token()
                .id();
        String session = sessionCookie(logIn(ADMIN, "/ai-app/labelgate/audit"));

        Answer page =
                send(new Request("GET", "/audit", "target=" + id, Map.of("target", id), Map.of("Cookie", session)));
        Answer bad = send(new Request("GET", "/audit", "limit=0", Map.of("limit", "0"), Map.of("Cookie", session)));

        assertEquals(200, page.status);
        assertTrue(
                page.body()
                        .contains("<td data-label=\"Action\" class=\"action\">token.created</td>"
                                + "<td data-label=\"Target\" class=\"target\">" + id + "</td>"),
                page.body());
        assertEquals(1, page.body().split("<tr data-audit-id=").length - 1, page.body());
        assertEquals(400, bad.status);
        assertTrue(
                bad.body().contains("<p id=\"message\" role=\"alert\">limit: must be a whole number from 1 to 500</p>"),
                bad.body());
        assertEquals(303, send(Request.get("/audit")).status, "no session: sent to log in");
    }

    @Test
    void anAdministratorTheContainerAuthenticatedGetsASessionInTheirNameAndIsAuditedByIt() throws IOException {
        String id = tokens.create(new NewToken("n", "group=A", null, "read", "GRA", null))
                .token()
                .id();

        Answer page = send(Request.get("/tokens").asAdministrator("alice"));

        assertEquals(200, page.status, page.body());
        assertTrue(page.body().contains("<p id=\"signed-in\" class=\"hint\">Signed in as alice</p>"), page.body());
        String session = sessionCookie(page);
        Matcher csrf = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(page.body());
        assertTrue(csrf.find(), page.body());
        Answer deleted = send(Request.get("/tokens")
                .with(
                        "POST",
                        Map.of("action", "delete", "id", id, "csrf", csrf.group(1)),
                        Map.of("Cookie", session, "Origin", "http://127.0.0.1:8080", "Host", "127.0.0.1:8080"))
                .asAdministrator("alice"));
        assertEquals(303, deleted.status);
        assertEquals(
                List.of("token.deleted " + id + " from 127.0.0.1", "admin.signed-in console from 127.0.0.1"),
                audited("alice"));
    }

    @Test
    void theAdminSecretsPagesSaySoAndAnUnauthenticatedAdminLoginIsHandedToTheContainer() throws IOException {
        String session = sessionCookie(logIn(ADMIN, "/ai-app/labelgate/tokens"));

        Answer page = send(Request.get("/apps").with("GET", Map.of(), Map.of("Cookie", session)));
        Answer anonymous = send(Request.get("/admin-login"));
        Answer alice =
                send(new Request("GET", "/admin-login", null, Map.of("next", "/ai-app/labelgate/audit"), Map.of())
                        .asAdministrator("alice"));

        assertTrue(
                page.body().contains("<p id=\"signed-in\" class=\"hint\">Signed in as the admin secret</p>"),
                page.body());
        assertEquals(401, anonymous.status, "the container refused the login: the page says so");
        assertEquals(303, alice.status);
        assertEquals("/ai-app/labelgate/audit", alice.header("Location"));
        assertTrue(sessionCookie(alice).startsWith(Cookies.SESSION + "="));
    }

    @Test
    void theTokensPageListsTheTokensItsFilterMatchesAndNamesABadFilter() throws IOException {
        String reader = tokens.create(new NewToken("r", "group=A", null, "read", "GRA", null))
                .token()
                .id();
        String operator = tokens.create(new NewToken("o", "group=A", null, "operator", "GRA", null))
                .token()
                .id();
        String session = sessionCookie(logIn(ADMIN, "/ai-app/labelgate/tokens"));

        Answer operators = send(
                new Request("GET", "/tokens", "role=operator", Map.of("role", "operator"), Map.of("Cookie", session)));
        Answer bad = send(new Request(
                "GET", "/tokens", "expiringBefore=soon", Map.of("expiringBefore", "soon"), Map.of("Cookie", session)));

        assertEquals(200, operators.status);
        assertTrue(operators.body().contains("<tr data-token-id=\"" + operator + "\">"), operators.body());
        assertFalse(operators.body().contains("<tr data-token-id=\"" + reader + "\">"), operators.body());
        assertEquals(400, bad.status);
        assertTrue(
                bad.body()
                        .contains(
                                "<p id=\"message\" role=\"alert\">expiringBefore: must be an ISO-8601 instant such as "
                                        + "2026-12-01T09:00:00Z or a day such as 2026-12-01</p>"),
                bad.body());
    }
}
