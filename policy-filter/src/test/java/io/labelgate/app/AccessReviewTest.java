package io.labelgate.app;

import io.labelgate.decision.Action;
import io.labelgate.decision.EmbeddedWasmEngine;
import io.labelgate.http.ActionClassifier;
import io.labelgate.http.AuthorizationHeaderResolver;
import io.labelgate.http.Outcome;
import io.labelgate.http.ProtectionPipeline;
import io.labelgate.http.TestRequest;
import io.labelgate.registry.IssuedToken;
import io.labelgate.registry.JdbcRegistry;
import io.labelgate.registry.KeyEncryption;
import io.labelgate.registry.KeyRing;
import io.labelgate.registry.NewToken;
import io.labelgate.registry.TestDataSources;
import io.labelgate.registry.TokenRecord;
import io.labelgate.registry.TokenService;
import io.labelgate.token.JwtSettings;
import io.labelgate.token.JwtTokenVerifier;
import io.labelgate.token.TokenIssuer;
import io.labelgate.token.VerificationKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The access review agrees, token by token, with what the request path decides when each token is
 * presented: generated tokens (roles, regions, selectors of every kind, the all-apps scope, expired
 * ones) against an app, the embedded engine running the built-in policy.
 */
class AccessReviewTest {

    private static final String STOP = "/labelgate/api/app/stop";
    private static final AppIdentity APP = AppIdentity.withReservedLabels(
            UUID.randomUUID(), "GRA", Map.of("group", "A", "tier", "gpu"), "labelgate/", warning -> {});
    private static final List<String> SELECTORS = List.of(
            "group=A",
            "group=B",
            "group in (A,B)",
            "group!=A",
            "tier",
            "!tier",
            "tier notin (cpu)",
            "group=A,tier=cpu",
            "labelgate/id=" + APP.id(),
            "labelgate/id=" + UUID.randomUUID(),
            "labelgate/type=app");

    private final EmbeddedWasmEngine engine = EmbeddedWasmEngine.bundled(1, Duration.ofSeconds(5));
    private final JdbcRegistry registry = JdbcRegistry.migrate(TestDataSources.h2());
    private final KeyRing keys = KeyRing.open(
            registry, KeyEncryption.fromBase64(KeyEncryption.generateBase64()), "RS256", Clock.systemUTC());
    private final TokenService tokens = new TokenService(
            registry, () -> new TokenIssuer(keys.signingKey(), JwtSettings.defaults()), Clock.systemUTC());
    private final ProtectionPipeline pipeline = new ProtectionPipeline(
            new AuthorizationHeaderResolver(),
            new JwtTokenVerifier(
                    JwtSettings.defaults(),
                    VerificationKeys.builder().resolver(keys).build()),
            APP,
            ActionClassifier.allReads(),
            engine);

    @AfterEach
    void close() {
        engine.close();
    }

    @Test
    void everyTokenTheReviewListsIsOneThePolicyLetsThroughAndNoneElse() throws Exception {
        Random random = new Random(7);
        List<IssuedToken> issued = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            boolean allApps = random.nextInt(10) == 0;
            issued.add(tokens.create(new NewToken(
                    "t" + i,
                    allApps ? null : SELECTORS.get(random.nextInt(SELECTORS.size())),
                    allApps,
                    random.nextBoolean() ? "read" : "operator",
                    random.nextInt(4) == 0 ? "BHS" : "GRA",
                    random.nextInt(5) == 0 ? Instant.now().plusSeconds(3600) : null)));
        }

        AccessReview.Result review = new AccessReview(APP, tokens, engine, STOP, Clock.systemUTC()).review();

        List<String> mayRead = new ArrayList<>();
        List<String> mayManage = new ArrayList<>();
        for (IssuedToken token : tokens.list().stream()
                .map(record -> issued.stream()
                        .filter(one -> one.token().id().equals(record.id()))
                        .findFirst()
                        .orElseThrow())
                .toList()) {
            if (pipeline.protect(TestRequest.bearer("/", token.tokenString()), Action.READ)
                    instanceof Outcome.Allowed) {
                mayRead.add(token.token().id());
            }
            if (pipeline.protect(TestRequest.bearer(STOP, token.tokenString()).withMethod("POST"), Action.MANAGE)
                    instanceof Outcome.Allowed) {
                mayManage.add(token.token().id());
            }
        }
        assertEquals(mayRead, ids(review.read()));
        assertEquals(mayManage, ids(review.manage()));
        assertEquals(120, review.reviewed());
        assertFalse(mayRead.isEmpty(), "the generated tokens include readers");
        assertFalse(mayManage.isEmpty(), "and operators");
        assertTrue(mayRead.size() < 120, "and tokens that may not read");
    }

    @Test
    void anExpiredTokenIsNotReviewed() throws Exception {
        Instant later = Instant.now().plusSeconds(3600);
        TokenRecord expiring = tokens.create(new NewToken("soon", "group=A", false, "read", "GRA", later))
                .token();

        AccessReview.Result afterExpiry =
                new AccessReview(APP, tokens, engine, STOP, Clock.fixed(later, ZoneOffset.UTC)).review();

        assertEquals(0, afterExpiry.reviewed());
        assertEquals(List.of(), afterExpiry.read());
        assertEquals(
                List.of(expiring.id()),
                ids(new AccessReview(APP, tokens, engine, STOP, Clock.systemUTC())
                        .review()
                        .read()));
    }

    private static List<String> ids(List<TokenRecord> tokens) {
        return tokens.stream().map(TokenRecord::id).toList();
    }
}
