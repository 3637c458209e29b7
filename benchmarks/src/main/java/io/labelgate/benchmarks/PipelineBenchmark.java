package io.labelgate.benchmarks;

import io.labelgate.decision.DecisionCache;
import io.labelgate.decision.DecisionLog;
import io.labelgate.decision.EmbeddedWasmEngine;
import io.labelgate.http.ActionClassifier;
import io.labelgate.http.AuthorizationHeaderResolver;
import io.labelgate.http.Outcome;
import io.labelgate.http.ProtectionPipeline;
import io.labelgate.http.RequestView;
import io.labelgate.http.SessionLookup;
import io.labelgate.registry.ChangeFollower;
import io.labelgate.registry.ChangeRoutes;
import io.labelgate.registry.JdbcRegistry;
import io.labelgate.registry.KeyEncryption;
import io.labelgate.registry.KeyRing;
import io.labelgate.registry.NewToken;
import io.labelgate.registry.RevocationCheckingVerifier;
import io.labelgate.registry.TokenService;
import io.labelgate.token.CachingTokenVerifier;
import io.labelgate.token.JwtSettings;
import io.labelgate.token.JwtTokenVerifier;
import io.labelgate.token.TokenIssuer;
import io.labelgate.token.TokenVerifier;
import io.labelgate.token.VerificationKeys;
import org.h2.jdbcx.JdbcDataSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The whole request path, {@link ProtectionPipeline#protect(RequestView)}, wired as
 * {@code Labelgate.start} wires it: bearer header, jose4j verification (RS256, the registry's key
 * ring), the revocation check against an H2 registry, the decision input, the embedded engine and
 * the decision log line.
 *
 * <ul>
 *   <li>{@code warm}: the production caches (verified tokens, decisions), in steady state: what a
 *       busy token costs per request;</li>
 *   <li>{@code uncached}: no token cache and no decision cache, so every request pays the
 *       signature and a Wasm evaluation. The revocation check keeps its registry-state cache in
 *       both: it is how revocation works (bounded staleness), not an option.</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(1)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class PipelineBenchmark {

    @Param({"warm", "uncached"})
    public String caches;

    private EmbeddedWasmEngine engine;
    private ChangeFollower follower;
    private ProtectionPipeline pipeline;
    private RequestView request;

    @Setup(Level.Trial)
    public void setUp() {
        Fixtures.formatDecisionLogIntoNothing();
        Clock clock = Clock.systemUTC();
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:bench;DB_CLOSE_DELAY=-1");
        JdbcRegistry registry = JdbcRegistry.migrate(h2);
        KeyRing keys = KeyRing.open(registry, KeyEncryption.fromBase64(KeyEncryption.generateBase64()), "RS256", clock);
        JwtSettings settings = JwtSettings.defaults();
        TokenService tokens = new TokenService(registry, () -> new TokenIssuer(keys.signingKey(), settings), clock);
        String token = tokens.create(new NewToken("bench", Fixtures.SELECTOR, false, "read", Fixtures.REGION, null))
                .tokenString();

        boolean warm = switch (caches) {
            case "warm" -> true;
            case "uncached" -> false;
            default -> throw new IllegalArgumentException("caches must be warm or uncached, not " + caches);
        };
        TokenVerifier signatures = new JwtTokenVerifier(
                settings, VerificationKeys.builder().resolver(keys).build());
        if (warm) {
            signatures = new CachingTokenVerifier(signatures, Fixtures.CACHE_SIZE, Fixtures.TOKEN_CACHE_MAX_AGE, clock);
        }
        // the follower reads the feed on its thread, as in a server: each request pays its freshness check
        follower =
                new ChangeFollower(registry, Fixtures.REVOCATION_BOUND, clock, new ChangeRoutes()).start("benchmark");
        RevocationCheckingVerifier verifier =
                new RevocationCheckingVerifier(signatures, registry, follower, Fixtures.CACHE_SIZE, clock);
        engine = EmbeddedWasmEngine.bundled(1, Duration.ofSeconds(5));
        DecisionCache decisions = warm
                ? new DecisionCache(
                        Fixtures.CACHE_SIZE,
                        Fixtures.REVOCATION_BOUND,
                        engine.policyView().scope())
                : new DecisionCache(
                        0, Fixtures.REVOCATION_BOUND, engine.policyView().scope());
        pipeline = new ProtectionPipeline(
                new AuthorizationHeaderResolver(),
                verifier,
                Fixtures.app(),
                ActionClassifier.allReads(),
                engine,
                SessionLookup.none(),
                decisions,
                new DecisionLog("embedded", false));
        request = Fixtures.get(token);
        // the first request fills the caches (warm) and proves the request is allowed (both)
        Fixtures.requireAllowed(pipeline.protect(request), "pipeline (" + caches + ")");
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        engine.close();
        follower.close();
    }

    @Benchmark
    public Outcome protect() {
        return pipeline.protect(request);
    }
}
