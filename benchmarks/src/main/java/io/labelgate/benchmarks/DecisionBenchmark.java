package io.labelgate.benchmarks;

import io.labelgate.decision.Decision;
import io.labelgate.decision.DecisionCache;
import io.labelgate.decision.DecisionException;
import io.labelgate.decision.DecisionInput;
import io.labelgate.decision.EmbeddedWasmEngine;
import io.labelgate.token.TokenClaims;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One decision by the embedded engine (the policy compiled to Wasm, evaluated in-process):
 * uncached, and through {@link DecisionCache} as the pipeline consults it. The cache keeps a
 * decision for the revocation bound (2 s), so the cached figure includes the one evaluation every
 * 2 s that steady state pays. The remote engine is {@link RemoteDecisionBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(1)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class DecisionBenchmark {

    private EmbeddedWasmEngine engine;
    private DecisionCache cache;
    private TokenClaims claims;
    private DecisionInput input;

    @Setup(Level.Trial)
    public void setUp() throws DecisionException {
        engine = EmbeddedWasmEngine.bundled(1, Duration.ofSeconds(5));
        cache = new DecisionCache(
                Fixtures.CACHE_SIZE,
                Fixtures.REVOCATION_BOUND,
                engine.policyView().scope());
        claims = Fixtures.readToken();
        input = Fixtures.input(claims);
        requireAllow(engine.decide(input));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        engine.close();
    }

    @Benchmark
    public Decision embeddedUncached() throws DecisionException {
        return engine.decide(input);
    }

    @Benchmark
    public Decision embeddedCached() throws DecisionException {
        Optional<Decision> remembered = cache.get(claims, input);
        if (remembered.isPresent()) {
            return remembered.get();
        }
        Decision decision = engine.decide(input);
        cache.put(claims, input, decision);
        return decision;
    }

    static void requireAllow(Decision decision) {
        if (!decision.allow()) {
            throw new IllegalStateException("the policy denied the benchmark input " + decision.reasons()
                    + "; the benchmark would time a denial");
        }
    }
}
