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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One uncached decision by {@link RemoteOpaEngine}: an HTTP round trip to an OPA server (keep-alive,
 * loopback) that evaluates the same Rego, and beside it the same decision through the other HTTP
 * clients issue 18 compared ({@link RemoteTransports}; {@code remoteTransport}, one row per
 * {@code transport}). The server is named by system property {@value #URL_PROPERTY}, e.g.
 * {@code -jvmArgsAppend -Dlabelgate.bench.opa.url=http://127.0.0.1:8181}; without it the benchmark
 * is skipped (its setup fails with a message saying so; the others run).
 *
 * <p>Sampled, not averaged: a round trip's tail matters as much as its middle, and JMH's
 * {@link Mode#SampleTime} reports the median and p99 of the calls themselves.
 * {@code -p transport=socket,unix-socket} adds the hand-written floor over TCP and over OPA's
 * Unix domain socket ({@value #SOCKET_PROPERTY}); docs/benchmarks/remote-transport.md has the
 * command and the figures.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(1)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class RemoteDecisionBenchmark {

    /** The OPA server's base URL, loaded with {@code policies/rego}. */
    public static final String URL_PROPERTY = "labelgate.bench.opa.url";

    /** The path of the same OPA's Unix domain socket ({@code opa run --addr unix://<path>}), if any. */
    public static final String SOCKET_PROPERTY = "labelgate.bench.opa.socket";

    private RemoteOpaEngine engine;
    private DecisionInput input;

    @Setup(Level.Trial)
    public void setUp() throws DecisionException {
        // production defaults of labelgate.engine.remote.*: connect 0.25 s, request 0.5 s, breaker 1 s
        engine = new RemoteOpaEngine(
                URI.create(url()),
                RemoteOpaEngine.DEFAULT_PATH,
                RemoteTransports.CONNECT_TIMEOUT,
                RemoteTransports.REQUEST_TIMEOUT,
                Duration.ofSeconds(1));
        input = Fixtures.input(Fixtures.readToken());
        DecisionBenchmark.requireAllow(engine.decide(input));
    }

    static String url() {
        String url = System.getProperty(URL_PROPERTY, "").strip();
        if (url.isEmpty()) {
            throw new IllegalStateException("SKIPPED: the remote decision benchmark needs an OPA server; set -D"
                    + URL_PROPERTY + "=http://127.0.0.1:<port> (scripts/benchmark.sh starts one)");
        }
        return url;
    }

    /** One of the compared clients, with the same input as the engine. */
    @State(Scope.Benchmark)
    public static class Transport {
        /** The engine's own client bare, and the one it replaced. */
        @Param({"HttpURLConnection", "java.net.http"})
        public String transport;

        RemoteTransports.Client client;
        DecisionInput input;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            client = RemoteTransports.open(transport, url(), System.getProperty(SOCKET_PROPERTY));
            input = Fixtures.input(Fixtures.readToken());
            DecisionBenchmark.requireAllow(client.decide(input));
        }

        @TearDown(Level.Trial)
        public void tearDown() throws Exception {
            client.close();
        }
    }

    @Benchmark
    public Decision remoteUncached() throws DecisionException {
        return engine.decide(input);
    }

    @Benchmark
    public Decision remoteTransport(Transport transport) throws Exception {
        return transport.client.decide(transport.input);
    }
}
