package io.labelgate.cdi;

import io.labelgate.app.AppIdentity;
import io.labelgate.http.Admission;
import io.labelgate.http.AuthError;
import io.labelgate.http.BrowserResponder;
import io.labelgate.http.CountingProtection;
import io.labelgate.http.LabelgateFilter;
import io.labelgate.http.Protection;
import io.labelgate.http.Refusal;
import io.labelgate.registry.AppStatus;
import io.labelgate.selector.Selector;
import io.labelgate.token.JwtSettings;
import io.labelgate.token.Role;
import io.labelgate.token.SigningKey;
import io.labelgate.token.TokenClaims;
import io.labelgate.token.TokenIssuer;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The mechanism over a real pipeline (a real verifier and an engine that allows and counts), with
 * the servlet and Jakarta Security objects faked: what it tells the container, when it leaves the
 * answer to the filter, and that the two decide a request once.
 */
class LabelgateMechanismTest {

    private static final SigningKey KEY = SigningKey.generate("RS256");
    private static final AppIdentity APP =
            AppIdentity.withReservedLabels(UUID.randomUUID(), "GRA", Map.of("group", "A"), "labelgate/", warning -> {});

    private final AtomicInteger decisions = new AtomicInteger();
    private final Map<String, Object> contextAttributes = new HashMap<>();
    private final ServletContext servletContext = (ServletContext) Proxy.newProxyInstance(
            getClass().getClassLoader(),
            new Class<?>[] {ServletContext.class},
            (proxy, method, args) -> switch (method.getName()) {
                case "getAttribute" -> contextAttributes.get((String) args[0]);
                case "setAttribute" -> contextAttributes.put((String) args[0], args[1]);
                default -> throw new UnsupportedOperationException(method.getName());
            });

    LabelgateMechanismTest() {
        Protection protection = CountingProtection.allowingEveryToken(KEY, APP, decisions);
        new Admission(
                        protection,
                        path -> path.startsWith("/labelgate/"),
                        BrowserResponder.none(),
                        () -> AppStatus.RUNNING,
                        path -> false)
                .install(servletContext);
    }

    private static String token(String id, Role role) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        return new TokenIssuer(KEY, JwtSettings.defaults())
                .issue(new TokenClaims(
                        id, 1, role, "GRA", Selector.parse("group=A"), false, now, now.plusSeconds(600)));
    }

    /** A servlet request of this path, with this Authorization header (or none), holding attributes. */
    private HttpServletRequest request(String servletPath, String authorization) {
        return request(servletPath, authorization, -1, null);
    }

    /**
     * The same with a body: {@code length} as {@code Content-Length} ({@code -1}: chunked, when there
     * is a body), read from {@code body}.
     */
    private HttpServletRequest request(String servletPath, String authorization, long length, InputStream body) {
        Map<String, Object> attributes = new HashMap<>();
        ServletInputStream in = body == null
                ? null
                : new ServletInputStream() {
                    @Override
                    public int read() throws IOException {
                        return body.read();
                    }

                    @Override
                    public int read(byte[] buffer, int offset, int count) throws IOException {
                        return body.read(buffer, offset, count);
                    }

                    @Override
                    public boolean isFinished() {
                        return false;
                    }

                    @Override
                    public boolean isReady() {
                        return true;
                    }

                    @Override
                    public void setReadListener(ReadListener listener) {}
                };
        return (HttpServletRequest) Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {HttpServletRequest.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getMethod" -> "GET";
                    case "getServletPath" -> servletPath;
                    case "getPathInfo", "getQueryString" -> null;
                    case "getRequestURI" -> "/ai-app" + servletPath;
                    case "isSecure" -> false;
                    case "getServletContext" -> servletContext;
                    case "getHeaders" ->
                        Collections.enumeration(
                                authorization != null && "Authorization".equalsIgnoreCase((String) args[0])
                                        ? List.of(authorization)
                                        : List.of());
                    case "getHeader" -> {
                        if ("Authorization".equalsIgnoreCase((String) args[0])) {
                            yield authorization;
                        }
                        yield "Transfer-Encoding".equalsIgnoreCase((String) args[0]) && body != null && length < 0
                                ? "chunked"
                                : null;
                    }
                    case "getContentLengthLong" -> body == null ? -1L : length;
                    case "getInputStream" -> in;
                    case "getAttribute" -> attributes.get((String) args[0]);
                    case "setAttribute" -> attributes.put((String) args[0], args[1]);
                    case "getUserPrincipal" -> attributes.get(CONTAINER_CALLER);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    /** Where a test puts the caller the container would name after the mechanism's notification. */
    private static final String CONTAINER_CALLER = "test.container-caller";

    /** What was written to a response. */
    private static final class Written {
        Integer status;
        final Map<String, String> headers = new HashMap<>();
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        boolean closed;

        HttpServletResponse response() {
            ServletOutputStream out = new ServletOutputStream() {
                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setWriteListener(WriteListener listener) {}

                @Override
                public void write(int b) {
                    body.write(b);
                }

                @Override
                public void close() {
                    closed = true;
                }
            };
            return (HttpServletResponse) Proxy.newProxyInstance(
                    LabelgateMechanismTest.class.getClassLoader(),
                    new Class<?>[] {HttpServletResponse.class},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "setStatus" -> {
                            status = (Integer) args[0];
                            yield null;
                        }
                        case "getStatus" -> status == null ? 200 : status;
                        case "setHeader" -> headers.put((String) args[0], (String) args[1]);
                        case "setContentType" -> headers.put("Content-Type", (String) args[0]);
                        case "setContentLength" -> headers.put("Content-Length", args[0].toString());
                        case "getOutputStream" -> out;
                        case "isCommitted" -> status != null;
                        case "resetBuffer", "flushBuffer" -> null;
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
        }

        String text() {
            return body.toString(StandardCharsets.UTF_8);
        }
    }

    /** What the mechanism told the container. */
    private static final class Told {
        final List<String> calls = new ArrayList<>();
        final AtomicReference<Object> groups = new AtomicReference<>();

        HttpMessageContext context(boolean isProtected, RuntimeException notifyFails) {
            return (HttpMessageContext) Proxy.newProxyInstance(
                    LabelgateMechanismTest.class.getClassLoader(),
                    new Class<?>[] {HttpMessageContext.class},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "isProtected" -> isProtected;
                        case "doNothing" -> {
                            calls.add("doNothing");
                            yield AuthenticationStatus.NOT_DONE;
                        }
                        case "notifyContainerAboutLogin" -> {
                            if (notifyFails != null) {
                                throw notifyFails;
                            }
                            calls.add("notify " + args[0]);
                            groups.set(args[1]);
                            yield AuthenticationStatus.SUCCESS;
                        }
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
        }
    }

    @Test
    void anAllowedRequestNamesTheTokenIdToTheContainerInItsRoles() throws Exception {
        Told told = new Told();
        Written written = new Written();

        AuthenticationStatus read = new LabelgateMechanism()
                .validateRequest(
                        request("/hello", "Bearer " + token("tok-read", Role.READ)),
                        written.response(),
                        told.context(false, null));
        AuthenticationStatus operator = new LabelgateMechanism()
                .validateRequest(
                        request("/hello", "Bearer " + token("tok-op", Role.OPERATOR)),
                        written.response(),
                        told.context(true, null));

        assertEquals(AuthenticationStatus.SUCCESS, read);
        assertEquals(AuthenticationStatus.SUCCESS, operator);
        assertEquals(List.of("notify tok-read", "notify tok-op"), told.calls);
        assertEquals(Set.of("operator", "read"), told.groups.get());
        assertNull(written.status, "nothing written for an allowed request");
    }

    @Test
    void aRefusedRequestOnAResourceTheContainerDoesNotProtectIsLeftToTheFilter() throws Exception {
        Told told = new Told();
        Written byTheMechanism = new Written();
        Written written = new Written();
        HttpServletRequest request = request("/hello", null);

        AuthenticationStatus status =
                new LabelgateMechanism().validateRequest(request, byTheMechanism.response(), told.context(false, null));
        new LabelgateFilter(Admission.of(servletContext).orElseThrow())
                .doFilter(request, written.response(), (req, res) -> {
                    throw new AssertionError("a refused request went on");
                });

        assertEquals(AuthenticationStatus.NOT_DONE, status);
        assertEquals(List.of("doNothing"), told.calls);
        assertEquals(null, byTheMechanism.status, "the mechanism wrote nothing");
        assertEquals(0, byTheMechanism.body.size());
        Refusal expected = Refusal.of(AuthError.missingToken(), "ai-app");
        assertEquals(401, written.status);
        assertEquals(expected.wwwAuthenticate(), written.headers.get("WWW-Authenticate"));
        assertEquals(expected.body(), written.text());
    }

    @Test
    void aRefusedRequestOnAProtectedResourceGetsLabelgatesAnswerFromTheMechanism() throws Exception {
        Told told = new Told();
        Written written = new Written();

        AuthenticationStatus status = new LabelgateMechanism()
                .validateRequest(request("/hello", null), written.response(), told.context(true, null));

        assertEquals(AuthenticationStatus.SEND_FAILURE, status);
        assertEquals(List.of(), told.calls, "neither doNothing nor the container's own 401 page");
        Refusal expected = Refusal.of(AuthError.missingToken(), "ai-app");
        assertEquals(401, written.status);
        assertEquals(expected.wwwAuthenticate(), written.headers.get("WWW-Authenticate"));
        assertEquals("no-store", written.headers.get("Cache-Control"));
        assertEquals(Refusal.CONTENT_TYPE, written.headers.get("Content-Type"));
        assertEquals(expected.body(), written.text());
        assertTrue(written.closed, "the response is closed, so that WildFly does not add its error page");
    }

    @Test
    void aRefusedRequestOnAProtectedResourceHasItsBodyReadSoTheExchangeIsComplete() throws Exception {
        AtomicBoolean endMet = new AtomicBoolean();
        ByteArrayInputStream bytes = new ByteArrayInputStream(new byte[20_000]);
        InputStream body = new FilterInputStream(bytes) {
            @Override
            public int read(byte[] buffer, int offset, int count) throws IOException {
                int read = super.read(buffer, offset, count);
                endMet.compareAndSet(false, read < 0);
                return read;
            }
        };
        Written written = new Written();

        AuthenticationStatus status = new LabelgateMechanism()
                .validateRequest(
                        request("/hello", null, 20_000, body), written.response(), new Told().context(true, null));

        assertEquals(AuthenticationStatus.SEND_FAILURE, status);
        assertEquals(401, written.status);
        assertEquals(0, bytes.available(), "the whole body was read");
        assertTrue(endMet.get(), "and the end of the stream met, which is when the container sees it complete");
        assertTrue(written.closed);
    }

    @Test
    void aBodyOfUnknownOrLargeLengthIsLeftToTheContainerUnread() {
        // reading it would hold a worker thread for as long as its sender likes
        AtomicLong read = new AtomicLong();
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                read.incrementAndGet();
                return 0;
            }

            @Override
            public int read(byte[] buffer, int offset, int count) {
                read.addAndGet(count);
                return count;
            }
        };

        LabelgateMechanism.drain(request("/hello", null, -1, endless));
        LabelgateMechanism.drain(request("/hello", null, LabelgateMechanism.DRAIN_LIMIT + 1, endless));

        assertEquals(0, read.get());
    }

    @Test
    void theMechanismAndThenTheFilterDecideTheRequestOnce() throws Exception {
        HttpServletRequest request = request("/hello", "Bearer " + token("tok-once", Role.READ));
        AtomicReference<ServletRequest> seenByTheApp = new AtomicReference<>();
        Told told = new Told();

        new LabelgateMechanism().validateRequest(request, new Written().response(), told.context(false, null));
        // the container now names the caller the mechanism notified it of
        request.setAttribute(CONTAINER_CALLER, (Principal) () -> "tok-once");
        new LabelgateFilter(Admission.of(servletContext).orElseThrow())
                .doFilter(request, new Written().response(), (req, res) -> seenByTheApp.set(req));

        assertEquals(1, decisions.get());
        assertEquals(List.of("notify tok-once"), told.calls);
        // the container's own request, so that its caller (and on Payara every EJB's) stays the token
        assertSame(request, seenByTheApp.get());
        assertEquals("tok-once", request.getUserPrincipal().getName());
    }

    @Test
    void whenTheContainerRefusesTheCallerTheRequestFailsClosedWith503() throws Exception {
        Told told = new Told();
        Written written = new Written();
        HttpServletRequest request = request("/hello", "Bearer " + token("tok-realm", Role.READ));

        AuthenticationStatus status = new LabelgateMechanism()
                .validateRequest(
                        request, written.response(), told.context(false, new IllegalStateException("not in a realm")));
        new LabelgateFilter(Admission.of(servletContext).orElseThrow())
                .doFilter(request, written.response(), (req, res) -> {
                    throw new AssertionError("a request the container could not name went on");
                });

        assertEquals(AuthenticationStatus.NOT_DONE, status);
        assertEquals(503, written.status);
        assertEquals(Refusal.of(AuthError.decisionUnavailable(), "ai-app").body(), written.text());
    }

    @Test
    void onAProtectedResourceTheMechanismWritesThe503WhenTheContainerRefusesTheCaller() throws Exception {
        Written written = new Written();

        AuthenticationStatus status = new LabelgateMechanism()
                .validateRequest(
                        request("/hello", "Bearer " + token("tok-realm", Role.READ)),
                        written.response(),
                        new Told().context(true, new IllegalStateException("not in a realm")));

        assertEquals(AuthenticationStatus.SEND_FAILURE, status);
        assertEquals(503, written.status);
        assertEquals(Refusal.of(AuthError.decisionUnavailable(), "ai-app").body(), written.text());
        assertTrue(written.closed);
    }

    @Test
    void whenLabelgateDidNotStartEveryRequestIsRefusedWith503ProtectedOrNot() throws Exception {
        contextAttributes.remove(Admission.CONTEXT_ATTRIBUTE);
        for (boolean isProtected : List.of(false, true)) {
            Told told = new Told();
            Written written = new Written();

            AuthenticationStatus status = new LabelgateMechanism()
                    .validateRequest(
                            request("/hello", "Bearer " + token("tok-early", Role.READ)),
                            written.response(),
                            told.context(isProtected, null));

            assertEquals(AuthenticationStatus.SEND_FAILURE, status, "protected: " + isProtected);
            assertEquals(List.of(), told.calls, "neither doNothing nor a caller");
            assertEquals(503, written.status);
            assertEquals(
                    Refusal.of(AuthError.decisionUnavailable(), Refusal.FALLBACK_REALM)
                            .body(),
                    written.text());
        }
        assertEquals(0, decisions.get());
    }

    @Test
    void aFaultOnTheRequestPathIsOne503ForTheMechanismAndTheFilter() throws Exception {
        new Admission(
                        CountingProtection.allowingEveryToken(KEY, APP, decisions),
                        path -> path.startsWith("/labelgate/"),
                        BrowserResponder.none(),
                        () -> {
                            throw new IllegalStateException("the status could not be read");
                        },
                        path -> false)
                .install(servletContext);
        Told told = new Told();
        Written written = new Written();
        HttpServletRequest request = request("/hello", "Bearer " + token("tok-fault", Role.READ));

        AuthenticationStatus status =
                new LabelgateMechanism().validateRequest(request, new Written().response(), told.context(false, null));
        new LabelgateFilter(Admission.of(servletContext).orElseThrow())
                .doFilter(request, written.response(), (req, res) -> {
                    throw new AssertionError("a request labelgate could not decide went on");
                });

        assertEquals(AuthenticationStatus.NOT_DONE, status);
        assertEquals(List.of("doNothing"), told.calls);
        assertEquals(503, written.status);
        assertEquals(Refusal.of(AuthError.decisionUnavailable(), "ai-app").body(), written.text());
    }

    @Test
    void aContainerConstraintOverLabelgatesOwnPathIsRefusedWith403NeverAnEmpty200() throws Exception {
        Told told = new Told();
        Written written = new Written();

        AuthenticationStatus status = new LabelgateMechanism()
                .validateRequest(request("/labelgate/login", null), written.response(), told.context(true, null));

        assertEquals(AuthenticationStatus.SEND_FAILURE, status);
        assertEquals(List.of(), told.calls);
        assertEquals(403, written.status);
        assertTrue(written.text().contains("cannot be behind a container security constraint"), written.text());
    }

    @Test
    void labelgatesOwnPathsRunNoPipeline() throws Exception {
        Told told = new Told();

        AuthenticationStatus status = new LabelgateMechanism()
                .validateRequest(
                        request("/labelgate/login", "Bearer not.a.token"),
                        new Written().response(),
                        told.context(false, null));

        assertEquals(AuthenticationStatus.NOT_DONE, status);
        assertEquals(List.of("doNothing"), told.calls);
        assertEquals(0, decisions.get());
    }
}
