package io.labelgate.metrics;

import io.labelgate.MutableClock;
import io.labelgate.app.AppIdentity;
import io.labelgate.decision.BreakerState;
import io.labelgate.decision.Decision;
import io.labelgate.decision.DecisionCache;
import io.labelgate.decision.DecisionEngine;
import io.labelgate.decision.DecisionException;
import io.labelgate.decision.DecisionLog;
import io.labelgate.decision.EngineKind;
import io.labelgate.http.ActionClassifier;
import io.labelgate.http.AuthError;
import io.labelgate.http.AuthorizationHeaderResolver;
import io.labelgate.http.Outcome;
import io.labelgate.http.ProtectionPipeline;
import io.labelgate.http.SessionLookup;
import io.labelgate.http.TestRequest;
import io.labelgate.registry.ExpiryWarning;
import io.labelgate.registry.RegistryUnavailableException;
import io.labelgate.registry.TokenRecord;
import io.labelgate.selector.Selector;
import io.labelgate.token.JwtSettings;
import io.labelgate.token.JwtTokenVerifier;
import io.labelgate.token.Role;
import io.labelgate.token.SigningKey;
import io.labelgate.token.TokenClaims;
import io.labelgate.token.TokenIssuer;
import io.labelgate.token.VerificationKeys;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LabelgateMetricsTest {

    private static final AppIdentity APP = AppIdentity.withReservedLabels(
            UUID.fromString("6f1c2a3e-0000-4000-8000-000000000001"),
            "GRA",
            Map.of("group", "A"),
            "labelgate/",
            warning -> {});
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    /** Allows everything but {@code /denied}; cannot decide {@code /broken}. */
    private static final DecisionEngine ENGINE = input -> {
        return switch (input.request().path()) {
            case "/denied" -> new Decision(false, List.of("not for you"));
            case "/broken" -> throw new DecisionException("the engine is down");
            default -> new Decision(true, List.of());
        };
    };

    private static TokenIssuer issuer;
    private static JwtTokenVerifier verifier;

    @BeforeAll
    static void keys() {
        SigningKey key = SigningKey.generate("RS256");
        issuer = new TokenIssuer(key, JwtSettings.defaults());
        verifier = new JwtTokenVerifier(
                JwtSettings.defaults(),
                VerificationKeys.builder().signingKey(key).build());
    }

    private static String token(String id) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        return issuer.issue(new TokenClaims(
                id,
                1,
                Role.READ,
                "GRA",
                Selector.parse("group=A"),
                false,
                now.minusSeconds(60),
                now.plusSeconds(3600)));
    }

    private static ProtectionPipeline pipeline(LabelgateMetrics metrics) {
        ProtectionPipeline pipeline = new ProtectionPipeline(
                new AuthorizationHeaderResolver(),
                verifier,
                APP,
                ActionClassifier.allReads(),
                ENGINE,
                SessionLookup.none(),
                new DecisionCache(1_000, Duration.ofMinutes(1)),
                new DecisionLog("embedded", false));
        pipeline.observe(metrics);
        return pipeline;
    }

    private static Scrape scrape(LabelgateMetrics metrics) {
        LabelgateMetrics.Exposition exposition = metrics.scrape(null);
        assertEquals("text/plain; version=0.0.4; charset=utf-8", exposition.contentType());
        return Scrape.parse(exposition.body());
    }

    @Test
    void countsEveryRequestByResultWithTheCacheAndBothLatenciesAfterKnownTraffic() {
        LabelgateMetrics metrics = new LabelgateMetrics(EngineKind.EMBEDDED);
        ProtectionPipeline pipeline = pipeline(metrics);
        String token = token("tok-1");

        // 3 allowed (the engine is asked once, the cache answers twice), 2 x 401, 1 x 403, 1 x 503
        for (int i = 0; i < 3; i++) {
            pipeline.protect(TestRequest.bearer("/hello", token));
        }
        pipeline.protect(TestRequest.get("/hello"));
        pipeline.protect(TestRequest.bearer("/hello", "not-a-jwt"));
        pipeline.protect(TestRequest.bearer("/denied", token));
        pipeline.protect(TestRequest.bearer("/broken", token));

        Scrape scrape = scrape(metrics);
        assertEquals(3, scrape.value("labelgate_decisions_total{engine=\"embedded\",result=\"allowed\"}"));
        assertEquals(2, scrape.value("labelgate_decisions_total{engine=\"embedded\",result=\"401\"}"));
        assertEquals(1, scrape.value("labelgate_decisions_total{engine=\"embedded\",result=\"403\"}"));
        assertEquals(1, scrape.value("labelgate_decisions_total{engine=\"embedded\",result=\"503\"}"));
        assertEquals(0, scrape.value("labelgate_decisions_total{engine=\"embedded\",result=\"400\"}"));
        assertEquals(2, scrape.value("labelgate_decision_cache_hits_total"));
        assertEquals(3, scrape.value("labelgate_decision_cache_misses_total"));
        // every request with a decision reached or failed: 3 allowed, the 403 and the 503
        assertEquals(5, scrape.value("labelgate_decision_duration_seconds_count"));
        assertEquals(5, scrape.value("labelgate_decision_duration_seconds_bucket{le=\"+Inf\"}"));
        // every presented token: 3 allowed, the malformed one, the 403's and the 503's
        assertEquals(6, scrape.value("labelgate_token_verification_duration_seconds_count"));
        assertEquals(6, scrape.value("labelgate_token_verification_duration_seconds_bucket{le=\"+Inf\"}"));
        assertTrue(scrape.value("labelgate_decision_duration_seconds_sum") > 0);
    }

    @Test
    void aRefusalStatusNotBoundAtStartIsCountedUnderItsOwnStatus() {
        LabelgateMetrics metrics = new LabelgateMetrics(EngineKind.REMOTE);

        metrics.concluded(new Outcome.Refused(new AuthError("temporarily_unavailable", 429, "slow down", List.of())));
        metrics.concluded(new Outcome.Refused(new AuthError("temporarily_unavailable", 429, "slow down", List.of())));

        Scrape scrape = scrape(metrics);
        assertEquals(2, scrape.value("labelgate_decisions_total{engine=\"remote\",result=\"429\"}"));
        assertEquals(0, scrape.value("labelgate_decisions_total{engine=\"remote\",result=\"allowed\"}"));
    }

    @Test
    void twoAppsKeepTheirOwnCounts() {
        LabelgateMetrics first = new LabelgateMetrics(EngineKind.EMBEDDED);
        LabelgateMetrics second = new LabelgateMetrics(EngineKind.EMBEDDED);

        pipeline(first).protect(TestRequest.get("/hello"));

        assertEquals(1, scrape(first).value("labelgate_decisions_total{engine=\"embedded\",result=\"401\"}"));
        assertEquals(0, scrape(second).value("labelgate_decisions_total{engine=\"embedded\",result=\"401\"}"));
    }

    @Test
    void reportsTheBreakersStateNowAsOneOfThree() {
        LabelgateMetrics metrics = new LabelgateMetrics(EngineKind.REMOTE);
        AtomicReference<BreakerState> state = new AtomicReference<>(BreakerState.CLOSED);
        metrics.breaker(() -> Optional.of(state.get()));

        Scrape closed = scrape(metrics);
        state.set(BreakerState.HALF_OPEN);
        Scrape halfOpen = scrape(metrics);

        assertEquals(1, closed.value("labelgate_remote_engine_breaker_state{state=\"closed\"}"));
        assertEquals(0, closed.value("labelgate_remote_engine_breaker_state{state=\"open\"}"));
        assertEquals(0, closed.value("labelgate_remote_engine_breaker_state{state=\"half_open\"}"));
        assertEquals(0, halfOpen.value("labelgate_remote_engine_breaker_state{state=\"closed\"}"));
        assertEquals(1, halfOpen.value("labelgate_remote_engine_breaker_state{state=\"half_open\"}"));
    }

    @Test
    void reportsTheRegistryStatesAgeAgainstTheRevocationBound() {
        LabelgateMetrics metrics = new LabelgateMetrics(EngineKind.EMBEDDED);
        AtomicReference<Duration> age = new AtomicReference<>(Duration.ofMillis(250));
        metrics.registryState(age::get, Duration.ofSeconds(2));

        Scrape first = scrape(metrics);
        age.set(Duration.ofMillis(1_500));
        Scrape second = scrape(metrics);

        assertEquals(0.25, first.value("labelgate_registry_state_age_seconds"));
        assertEquals(1.5, second.value("labelgate_registry_state_age_seconds"));
        assertEquals(2, second.value("labelgate_registry_revocation_bound_seconds"));
    }

    @Test
    void reportsThePolicyDecidingNow() {
        LabelgateMetrics metrics = new LabelgateMetrics(EngineKind.EMBEDDED);
        AtomicReference<Long> revision = new AtomicReference<>(1L);
        metrics.policy(() -> "bundle", revision::get);

        Scrape first = scrape(metrics);
        revision.set(2L);
        Scrape second = scrape(metrics);

        assertEquals(Map.of("labelgate_policy_info{revision=\"1\",source=\"bundle\"}", 1.0), policyOnly(first));
        assertEquals(Map.of("labelgate_policy_info{revision=\"2\",source=\"bundle\"}", 1.0), policyOnly(second));
    }

    private static Map<String, Double> policyOnly(Scrape scrape) {
        Map<String, Double> policy = new TreeMap<>();
        scrape.samples().forEach((series, value) -> {
            if (series.startsWith("labelgate_policy")) {
                policy.put(series, value);
            }
        });
        return policy;
    }

    private static TokenRecord expiring(String id, Instant expiresAt) {
        return new TokenRecord(
                id, id, Selector.parse("group=A"), false, Role.READ, "GRA", 1, NOW.minusSeconds(3600), expiresAt, null);
    }

    @Test
    void countsTokensByTimeToExpiryEachInTheFirstBucketItFitsAndRemembersTheCountFor30Seconds() {
        LabelgateMetrics metrics = new LabelgateMetrics(EngineKind.EMBEDDED);
        MutableClock clock = new MutableClock(NOW);
        List<TokenRecord> tokens = new ArrayList<>(List.of(
                expiring("expired", NOW.minusSeconds(1)),
                expiring("now", NOW),
                expiring("in-1d", NOW.plus(Duration.ofDays(1))),
                expiring("in-2d", NOW.plus(Duration.ofDays(2))),
                expiring("in-7d", NOW.plus(Duration.ofDays(7))),
                expiring("in-8d", NOW.plus(Duration.ofDays(8))),
                expiring("in-90d", NOW.plus(Duration.ofDays(90))),
                expiring("in-91d", NOW.plus(Duration.ofDays(91))),
                expiring("never", null),
                expiring("never-too", null)));
        int[] reads = {0};
        metrics.tokens(
                () -> {
                    reads[0]++;
                    return List.copyOf(tokens);
                },
                clock,
                new ExpiryWarning(Duration.ofDays(7)));

        Scrape first = scrape(metrics);
        tokens.add(expiring("one-more", null));
        clock.advance(Duration.ofSeconds(29));
        Scrape remembered = scrape(metrics);
        clock.advance(Duration.ofSeconds(1));
        Scrape recounted = scrape(metrics);

        assertEquals(2, first.value("labelgate_tokens{expires_within=\"expired\"}"));
        assertEquals(1, first.value("labelgate_tokens{expires_within=\"1d\"}"));
        assertEquals(2, first.value("labelgate_tokens{expires_within=\"7d\"}"));
        assertEquals(1, first.value("labelgate_tokens{expires_within=\"30d\"}"));
        assertEquals(1, first.value("labelgate_tokens{expires_within=\"90d\"}"));
        assertEquals(1, first.value("labelgate_tokens{expires_within=\"later\"}"));
        assertEquals(2, first.value("labelgate_tokens{expires_within=\"never\"}"));
        assertEquals(2, remembered.value("labelgate_tokens{expires_within=\"never\"}"));
        assertEquals(3, recounted.value("labelgate_tokens{expires_within=\"never\"}"));
        // within the 7-day window: in-1d, in-2d, in-7d (one expiring at this instant has expired)
        assertEquals(3, first.value("labelgate_tokens_expiring_soon"));
        assertEquals(2, reads[0]);
    }

    @Test
    void keepsTheLastTokenCountsWhileTheRegistryCannotBeRead() {
        LabelgateMetrics metrics = new LabelgateMetrics(EngineKind.EMBEDDED);
        MutableClock clock = new MutableClock(NOW);
        boolean[] down = {true};
        metrics.tokens(
                () -> {
                    if (down[0]) {
                        throw new RegistryUnavailableException("the registry is down");
                    }
                    return List.of(expiring("never", null));
                },
                clock,
                new ExpiryWarning(Duration.ofDays(14)));

        Scrape whileDown = scrape(metrics);
        down[0] = false;
        Scrape up = scrape(metrics);
        down[0] = true;
        clock.advance(Duration.ofMinutes(1));
        Scrape downAgain = scrape(metrics);

        assertFalse(whileDown.samples().keySet().stream().anyMatch(series -> series.startsWith("labelgate_tokens")));
        assertEquals(1, up.value("labelgate_tokens{expires_within=\"never\"}"));
        assertEquals(1, downAgain.value("labelgate_tokens{expires_within=\"never\"}"));
    }

    @Test
    void writesOpenMetricsWhenTheAcceptHeaderAsksForIt() {
        LabelgateMetrics metrics = new LabelgateMetrics(EngineKind.EMBEDDED);
        pipeline(metrics).protect(TestRequest.bearer("/hello", token("tok-1")));

        LabelgateMetrics.Exposition exposition =
                metrics.scrape("application/openmetrics-text; version=1.0.0; charset=utf-8");
        String body = new String(exposition.body(), StandardCharsets.UTF_8);

        assertEquals("application/openmetrics-text; version=1.0.0; charset=utf-8", exposition.contentType());
        assertTrue(body.endsWith("# EOF\n"), body);
        assertTrue(
                body.lines().anyMatch("labelgate_decisions_total{engine=\"embedded\",result=\"allowed\"} 1.0"::equals),
                body);
    }
}
