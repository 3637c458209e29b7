package io.labelgate.http;

import io.labelgate.app.AppIdentity;
import io.labelgate.decision.Decision;
import io.labelgate.decision.DecisionCache;
import io.labelgate.decision.DecisionEngine;
import io.labelgate.decision.DecisionException;
import io.labelgate.decision.DecisionInput;
import io.labelgate.decision.DecisionLog;
import io.labelgate.decision.OpaServer;
import io.labelgate.decision.PolicyView;
import io.labelgate.decision.RemoteOpaEngine;
import io.labelgate.decision.RequestScope;
import io.labelgate.selector.Selector;
import io.labelgate.token.JwtSettings;
import io.labelgate.token.JwtTokenVerifier;
import io.labelgate.token.Role;
import io.labelgate.token.SigningKey;
import io.labelgate.token.TokenClaims;
import io.labelgate.token.TokenIssuer;
import io.labelgate.token.VerificationKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * With the remote engine a deployer may load any policy into OPA, and one that reads the request's
 * method and path must get each request decided for its own method and path, the decision cache
 * on. A real {@code opa run --server} serves {@code opa/allow-one-path.rego} (allows only
 * {@code GET /reports/2026}); the same token asks through the pipeline for other paths and methods.
 *
 * <p>Needs the real OPA CLI ({@code -Dopa.executable}, passed by scripts/test.sh); skipped without it.
 */
@EnabledIfSystemProperty(named = OpaServer.PROPERTY, matches = ".+", disabledReason = OpaServer.NEEDS_OPA)
class RemoteEngineDecisionCacheTest {

    private static final String ALLOWED_PATH = "/reports/2026";
    private static final AuthError ONLY_ONE_REQUEST =
            AuthError.insufficientScope(List.of("only GET /reports/2026 is allowed"));
    private static final AppIdentity APP = AppIdentity.withReservedLabels(
            UUID.fromString("6f1c2a3e-0000-4000-8000-000000000001"),
            "GRA",
            Map.of("group", "A"),
            "labelgate/",
            warning -> {});

    private static OpaServer opa;
    private static RemoteOpaEngine remote;
    private static TokenIssuer issuer;
    private static JwtTokenVerifier verifier;

    @BeforeAll
    static void startOpa() throws Exception {
        Path policy = Path.of(RemoteEngineDecisionCacheTest.class
                .getResource("/opa/allow-one-path.rego")
                .toURI());
        opa = OpaServer.start(policy, "remote-engine-decision-cache-opa-server.log");
        remote = new RemoteOpaEngine(
                opa.url(),
                RemoteOpaEngine.DEFAULT_PATH,
                Duration.ofSeconds(2),
                Duration.ofSeconds(10),
                Duration.ofSeconds(30));
        SigningKey key = SigningKey.generate("RS256");
        issuer = new TokenIssuer(key, JwtSettings.defaults());
        verifier = new JwtTokenVerifier(
                JwtSettings.defaults(),
                VerificationKeys.builder().signingKey(key).build());
    }

    @AfterAll
    static void stopOpa() throws InterruptedException {
        if (opa != null) {
            opa.close();
        }
    }

    /** The remote engine, counting the decisions it was asked for (so a cached answer shows). */
    private static final class CountingEngine implements DecisionEngine {
        private final AtomicInteger asked = new AtomicInteger();

        @Override
        public Decision decide(DecisionInput input) throws DecisionException {
            asked.incrementAndGet();
            return remote.decide(input);
        }

        @Override
        public PolicyView policyView() {
            return remote.policyView();
        }
    }

    /** The pipeline as labelgate builds it: the decision cache on, keyed as the engine says. */
    private static ProtectionPipeline pipeline(CountingEngine engine) {
        return new ProtectionPipeline(
                new AuthorizationHeaderResolver(),
                verifier,
                APP,
                ActionClassifier.allReads(),
                engine,
                SessionLookup.none(),
                new DecisionCache(
                        100, Duration.ofMinutes(1), engine.policyView().scope()),
                new DecisionLog("remote", false));
    }

    private static String token() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        return issuer.issue(new TokenClaims(
                "tok-reports",
                1,
                Role.READ,
                "GRA",
                Selector.parse("group=A"),
                false,
                now.minusSeconds(60),
                now.plusSeconds(3600)));
    }

    @Test
    void sameTokenOnAnotherPathIsDecidedForThatPathNotFromTheCache() {
        CountingEngine engine = new CountingEngine();
        ProtectionPipeline pipeline = pipeline(engine);
        String token = token();

        Outcome allowed = pipeline.protect(TestRequest.bearer(ALLOWED_PATH, token));
        Outcome otherPath = pipeline.protect(TestRequest.bearer("/reports/2025", token));
        Outcome allowedAgain = pipeline.protect(TestRequest.bearer(ALLOWED_PATH, token));

        assertInstanceOf(Outcome.Allowed.class, allowed);
        assertEquals(
                ONLY_ONE_REQUEST,
                assertInstanceOf(Outcome.Refused.class, otherPath).error());
        assertInstanceOf(Outcome.Allowed.class, allowedAgain);
        assertEquals(2, engine.asked.get(), "the repeated request is answered from the cache, so the cache is on");
    }

    @Test
    void sameTokenOnTheAllowedPathAfterADenialIsDecidedForThatPath() {
        CountingEngine engine = new CountingEngine();
        ProtectionPipeline pipeline = pipeline(engine);
        String token = token();

        Outcome otherPath = pipeline.protect(TestRequest.bearer("/reports", token));
        Outcome allowed = pipeline.protect(TestRequest.bearer(ALLOWED_PATH, token));

        assertEquals(
                ONLY_ONE_REQUEST,
                assertInstanceOf(Outcome.Refused.class, otherPath).error());
        assertInstanceOf(Outcome.Allowed.class, allowed);
        assertEquals(2, engine.asked.get());
    }

    @Test
    void sameTokenWithAnotherMethodOnThePathIsDecidedForThatMethod() {
        CountingEngine engine = new CountingEngine();
        ProtectionPipeline pipeline = pipeline(engine);
        String token = token();

        Outcome get = pipeline.protect(TestRequest.bearer(ALLOWED_PATH, token));
        Outcome post = pipeline.protect(TestRequest.bearer(ALLOWED_PATH, token).withMethod("POST"));

        assertInstanceOf(Outcome.Allowed.class, get);
        assertEquals(
                ONLY_ONE_REQUEST, assertInstanceOf(Outcome.Refused.class, post).error());
        assertEquals(2, engine.asked.get());
    }

    @Test
    void remoteEngineSaysItsPolicyMayReadTheMethodAndPath() {
        assertEquals(RequestScope.METHOD_PATH_AND_ACTION, remote.policyView().scope());
    }
}
