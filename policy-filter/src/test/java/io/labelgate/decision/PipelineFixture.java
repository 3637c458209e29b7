package io.labelgate.decision;

import io.labelgate.app.AppIdentity;
import io.labelgate.http.ActionClassifier;
import io.labelgate.http.AuthorizationHeaderResolver;
import io.labelgate.http.Outcome;
import io.labelgate.http.ProtectionPipeline;
import io.labelgate.http.TestRequest;
import io.labelgate.selector.Selector;
import io.labelgate.token.JwtSettings;
import io.labelgate.token.JwtTokenVerifier;
import io.labelgate.token.Role;
import io.labelgate.token.SigningKey;
import io.labelgate.token.TokenClaims;
import io.labelgate.token.TokenIssuer;
import io.labelgate.token.VerificationKeys;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The request path over a given engine, for tests of how an engine's faults reach a request: an
 * app labelled {@code group=A} in GRA, and a read token for {@code group=A} the policy allows.
 */
final class PipelineFixture {

    /** How much later than its timeout a fault may be reported, on a shared, loaded machine. */
    static final Duration MARGIN = Duration.ofMillis(500);

    private final ProtectionPipeline pipeline;
    private final String token;

    PipelineFixture(DecisionEngine engine) {
        AppIdentity app = AppIdentity.withReservedLabels(
                UUID.fromString("6f1c2a3e-0000-4000-8000-000000000001"),
                "GRA",
                Map.of("group", "A"),
                "labelgate/",
                warning -> {});
        SigningKey key = SigningKey.generate("RS256");
        JwtTokenVerifier verifier = new JwtTokenVerifier(
                JwtSettings.defaults(),
                VerificationKeys.builder().signingKey(key).build());
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        this.token = new TokenIssuer(key, JwtSettings.defaults())
                .issue(new TokenClaims(
                        "tok-1",
                        1,
                        Role.READ,
                        "GRA",
                        Selector.parse("group=A"),
                        false,
                        now.minusSeconds(60),
                        now.plusSeconds(3600)));
        this.pipeline = new ProtectionPipeline(
                new AuthorizationHeaderResolver(), verifier, app, ActionClassifier.allReads(), engine);
    }

    /** The pipeline's outcome for the token asking {@code GET /hello}. */
    Outcome protect() {
        return pipeline.protect(TestRequest.bearer("/hello", token));
    }

    /** The wait was at least the timeout (it was honoured) and at most the timeout plus {@link #MARGIN}. */
    static void assertWaitedTheTimeoutAndNoMore(Duration timeout, long waitedNanos) {
        long waitedMillis = TimeUnit.NANOSECONDS.toMillis(waitedNanos);
        assertTrue(
                waitedMillis >= timeout.toMillis()
                        && waitedMillis <= timeout.plus(MARGIN).toMillis(),
                "refused after " + waitedMillis + " ms; expected between the timeout (" + timeout.toMillis()
                        + " ms) and the timeout plus " + MARGIN.toMillis() + " ms");
    }
}
