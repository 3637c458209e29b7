package io.labelgate.benchmarks;

import io.labelgate.decision.Decision;
import io.labelgate.decision.DecisionException;
import io.labelgate.decision.DecisionInput;
import io.labelgate.decision.RemoteOpaEngine;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One uncached decision by {@link RemoteOpaEngine}: an HTTP round trip to an OPA server (keep-alive,
 * loopback) that evaluates the same Rego. The server is named by system property
 * {@value #URL_PROPERTY}, e.g. {@code -jvmArgsAppend -Dlabelgate.bench.opa.url=http://127.0.0.1:8181};
 * without it the benchmark is skipped (its setup fails with a message saying so; the others run).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(1)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class RemoteDecisionBenchmark {

    /** The OPA server's base URL, loaded with {@code policies/rego}. */
    public static final String URL_PROPERTY = "labelgate.bench.opa.url";

    private RemoteOpaEngine engine;
    private DecisionInput input;

    @Setup(Level.Trial)
    public void setUp() throws DecisionException {
        String url = System.getProperty(URL_PROPERTY, "").strip();
        if (url.isEmpty()) {
            throw new IllegalStateException("SKIPPED: the remote decision benchmark needs an OPA server; set -D"
                    + URL_PROPERTY + "=http://127.0.0.1:<port> (scripts/benchmark.sh starts one)");
        }
        // production defaults of labelgate.engine.remote.*: connect 0.25 s, request 0.5 s, breaker 1 s
        engine = new RemoteOpaEngine(URI.create(url), RemoteOpaEngine.DEFAULT_PATH, Duration.ofMillis(250),
                Duration.ofMillis(500), Duration.ofSeconds(1));
        input = Fixtures.input(Fixtures.readToken());
        DecisionBenchmark.requireAllow(engine.decide(input));
    }

    @Benchmark
    public Decision remoteUncached() throws DecisionException {
        return engine.decide(input);
    }
}
