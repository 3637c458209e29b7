package io.labelgate.http;

import io.labelgate.app.AppIdentity;
import io.labelgate.registry.AppStatus;
import io.labelgate.registry.RegistryUnavailableException;
import io.labelgate.selector.Selector;
import io.labelgate.token.JwtSettings;
import io.labelgate.token.Role;
import io.labelgate.token.SigningKey;
import io.labelgate.token.TokenClaims;
import io.labelgate.token.TokenIssuer;
import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The verdicts the servlet filter and the Jakarta Security mechanism share, one per request. */
class AdmissionTest {

    private static final SigningKey KEY = SigningKey.generate("RS256");
    private static final AppIdentity APP =
            AppIdentity.withReservedLabels(UUID.randomUUID(), "GRA", Map.of("group", "A"), "labelgate/", warning -> {});

    private final AtomicInteger decisions = new AtomicInteger();
    private final AtomicInteger statusReads = new AtomicInteger();

    private Admission admission(Supplier<AppStatus> status) {
        Protection protection = CountingProtection.allowingEveryToken(KEY, APP, decisions);
        return new Admission(
                protection,
                path -> path.startsWith("/labelgate/"),
                BrowserResponder.none(),
                () -> {
                    statusReads.incrementAndGet();
                    return status.get();
                },
                path -> path.equals("/labelgate/health"));
    }

    private static String readToken() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        return new TokenIssuer(KEY, JwtSettings.defaults())
                .issue(new TokenClaims(
                        "tok-1", 1, Role.READ, "GRA", Selector.parse("group=A"), false, now, now.plusSeconds(600)));
    }

    private static HttpServletRequest request(String servletPath, String authorization) {
        Map<String, Object> attributes = new HashMap<>();
        return (HttpServletRequest) Proxy.newProxyInstance(
                AdmissionTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getMethod" -> "GET";
                    case "getServletPath" -> servletPath;
                    case "getPathInfo", "getQueryString" -> null;
                    case "getHeaders" ->
                        Collections.enumeration(
                                authorization != null && "Authorization".equalsIgnoreCase((String) args[0])
                                        ? List.of(authorization)
                                        : List.of());
                    case "getAttribute" -> attributes.get((String) args[0]);
                    case "setAttribute" -> attributes.put((String) args[0], args[1]);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void anAllowedRequestOfARunningAppProceedsAndIsDecidedOnceHoweverOftenItIsAsked() {
        Admission admission = admission(() -> AppStatus.RUNNING);
        HttpServletRequest request = request("/hello", "Bearer " + readToken());

        Admission.Verdict mechanism = admission.admit(request);
        Admission.Verdict filter = admission.admit(request);

        assertEquals(
                "tok-1",
                assertInstanceOf(Admission.Verdict.Proceed.class, mechanism)
                        .allowed()
                        .principal()
                        .getName());
        assertSame(mechanism, filter);
        assertEquals(1, decisions.get());
        assertEquals(1, statusReads.get());
    }

    @Test
    void anAllowedRequestOfAStoppedAppIsAnswered503WithItsDecision() {
        Admission.Verdict verdict =
                admission(() -> AppStatus.STOPPED).admit(request("/hello", "Bearer " + readToken()));

        Admission.Verdict.Answer answer = assertInstanceOf(Admission.Verdict.Answer.class, verdict);
        assertEquals(Problem.of(503, "the app is stopped; an operator can start it again"), answer.problem());
        assertTrue(answer.decision().isPresent());
    }

    @Test
    void aDeletedAppAnswers410WithoutDeciding() {
        Admission.Verdict verdict =
                admission(() -> AppStatus.DELETED).admit(request("/hello", "Bearer " + readToken()));

        assertEquals(
                new Admission.Verdict.Answer(null, Problem.of(410, "the app was deleted"), false, Optional.empty()),
                verdict);
        assertEquals(0, decisions.get());
    }

    @Test
    void whenTheRegistryIsDownTheAnswerIs503AndNeverABrowserPage() {
        Admission.Verdict verdict = admission(() -> {
                    throw new RegistryUnavailableException("down");
                })
                .admit(request("/hello", null));

        assertEquals(
                new Admission.Verdict.Answer(AuthError.decisionUnavailable(), null, false, Optional.empty()), verdict);
    }

    @Test
    void probesPassWithoutReadingTheStatusAndLabelgatesPathsWithoutThePipeline() {
        Admission admission = admission(() -> AppStatus.RUNNING);

        Admission.Verdict probe = admission.admit(request("/labelgate/health", null));
        assertEquals(0, statusReads.get());
        Admission.Verdict login = admission.admit(request("/labelgate/login", "Bearer not.a.token"));

        assertInstanceOf(Admission.Verdict.Pass.class, probe);
        assertInstanceOf(Admission.Verdict.Pass.class, login);
        assertEquals(0, decisions.get());
    }

    @Test
    void aRefusedRequestIsAnsweredWithTheRefusalOrABrowserPage() {
        Admission.Verdict verdict = admission(() -> AppStatus.RUNNING).admit(request("/hello", null));

        assertEquals(new Admission.Verdict.Answer(AuthError.missingToken(), null, true, Optional.empty()), verdict);
    }
}
