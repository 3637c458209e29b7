package io.labelgate.metrics;

import io.labelgate.decision.BreakerState;
import io.labelgate.decision.EngineKind;
import io.labelgate.http.Outcome;
import io.labelgate.http.PipelineObserver;
import io.labelgate.registry.ExpiryWarning;
import io.labelgate.registry.TokenRecord;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.Unit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;

/**
 * labelgate's metrics for one app, in a {@link PrometheusRegistry} of its own (never the client's
 * static default one: two WARs in one server must neither share nor clash), named
 * {@code labelgate_*}:
 * <pre>
 *   labelgate_decisions_total{result, engine}          counter: every request the pipeline
 *                                                       protected; result "allowed" or the refusal's
 *                                                       HTTP status ("400", "401", "403", "503")
 *   labelgate_decision_cache_hits_total                 counter: decisions the cache knew
 *   labelgate_decision_cache_misses_total               counter: decisions the engine was asked for
 *   labelgate_token_verification_duration_seconds       histogram: verifying a presented token
 *   labelgate_decision_duration_seconds                 histogram: reaching a decision (cache and engine)
 *   labelgate_remote_engine_breaker_state{state}        gauge, 1 for the breaker's state (remote engine only)
 *   labelgate_registry_state_age_seconds                gauge: how old this node's registry state may be
 *   labelgate_registry_revocation_bound_seconds         gauge: the bound it must stay under
 *   labelgate_policy_info{source, revision}             info: where the policy comes from, its revision
 *   labelgate_tokens{expires_within}                    gauge: the registry's tokens by time to expiry
 *   labelgate_tokens_expiring_soon                      gauge: those within labelgate.tokens.expiry-warning
 * </pre>
 * Every label value is from a closed set; none names a token, a path or a client.
 *
 * <p>On the request path it costs a few lock-free adds: every counter a request can reach is
 * bound to its label values once, here.
 */
public final class LabelgateMetrics implements PipelineObserver {

    /** Upper bounds of the latency histograms: 50 µs to 5 s. */
    static final double[] LATENCY_BUCKETS = {
        0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5
    };

    /** The result label of an allowed request. */
    public static final String ALLOWED = "allowed";

    /** Refusal statuses bound at start, so they read 0 before the first such request. */
    private static final int[] KNOWN_STATUSES = {400, 401, 403, 503};

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final ExpositionFormats formats = ExpositionFormats.init();
    private final String engine;
    private final Counter decisions;
    private final CounterDataPoint allowed;
    /** The counter of each refusal status, by status (HTTP statuses are below 600). */
    private final AtomicReferenceArray<CounterDataPoint> refused = new AtomicReferenceArray<>(600);

    private final Counter cacheHits;
    private final Counter cacheMisses;
    private final Histogram verification;
    private final Histogram decisionLatency;

    /** @param engine the engine that decides: the {@code engine} label of every decision */
    public LabelgateMetrics(EngineKind engine) {
        this.engine = Objects.requireNonNull(engine, "engine").wireName();
        this.decisions = Counter.builder()
                .name("labelgate_decisions_total")
                .help("Requests labelgate protected, by result (allowed, or the refusal's HTTP status) and engine")
                .labelNames("result", "engine")
                .withoutExemplars()
                .register(registry);
        this.allowed = decisions.labelValues(ALLOWED, this.engine);
        for (int status : KNOWN_STATUSES) {
            refused.set(status, decisions.labelValues(Integer.toString(status), this.engine));
        }
        this.cacheHits = Counter.builder()
                .name("labelgate_decision_cache_hits_total")
                .help("Decisions the decision cache knew")
                .withoutExemplars()
                .register(registry);
        this.cacheMisses = Counter.builder()
                .name("labelgate_decision_cache_misses_total")
                .help("Decisions the decision cache did not know, so the engine was asked")
                .withoutExemplars()
                .register(registry);
        this.verification = latency(
                "labelgate_token_verification_duration_seconds",
                "Time to verify a presented token (signature, claims, revocation), refused ones too");
        this.decisionLatency = latency(
                "labelgate_decision_duration_seconds",
                "Time to reach a policy decision, from the decision cache or the engine, failed ones too");
    }

    private Histogram latency(String name, String help) {
        return Histogram.builder()
                .name(name)
                .help(help)
                .unit(Unit.SECONDS)
                .classicOnly()
                .classicUpperBounds(LATENCY_BUCKETS)
                .withoutExemplars()
                .register(registry);
    }

    @Override
    public void verified(long nanos) {
        verification.observe(Unit.nanosToSeconds(nanos));
    }

    @Override
    public void cacheLookup(boolean hit) {
        (hit ? cacheHits : cacheMisses).inc();
    }

    @Override
    public void decided(long nanos) {
        decisionLatency.observe(Unit.nanosToSeconds(nanos));
    }

    @Override
    public void concluded(Outcome outcome) {
        if (outcome instanceof Outcome.Refused refusal) {
            refusedWith(refusal.error().status()).inc();
        } else {
            allowed.inc();
        }
    }

    private CounterDataPoint refusedWith(int status) {
        CounterDataPoint counter = refused.get(status);
        if (counter == null) {
            // a status not bound at start: bound now, once (labelValues answers the same point for the same values)
            counter = decisions.labelValues(Integer.toString(status), engine);
            refused.set(status, counter);
        }
        return counter;
    }

    /** The engine label of every decision: {@code embedded} or {@code remote}. */
    public String engine() {
        return engine;
    }

    /** The result labels every decision counter starts with: {@code allowed} and the refusal statuses. */
    public static List<String> results() {
        List<String> results = new ArrayList<>();
        results.add(ALLOWED);
        for (int status : KNOWN_STATUSES) {
            results.add(Integer.toString(status));
        }
        return List.copyOf(results);
    }

    /** Requests counted with this result so far (for the container's own metrics). */
    public double decisions(String result) {
        return decisions
                .labelValues(Objects.requireNonNull(result, "result"), engine)
                .get();
    }

    /** Decisions the cache knew so far. */
    public double cacheHits() {
        return cacheHits.get();
    }

    /** Decisions the engine was asked for so far. */
    public double cacheMisses() {
        return cacheMisses.get();
    }

    /** Reports the remote engine's breaker, read at every scrape: 1 for its state now, 0 for the others. */
    public void breaker(Supplier<Optional<BreakerState>> state) {
        Objects.requireNonNull(state, "state");
        GaugeWithCallback.builder()
                .name("labelgate_remote_engine_breaker_state")
                .help(
                        "The remote engine's circuit breaker: 1 for its state now (closed, open, half_open), 0 for the others")
                .labelNames("state")
                .callback(callback -> state.get().ifPresent(now -> {
                    for (BreakerState each : BreakerState.values()) {
                        callback.call(each == now ? 1 : 0, each.wireName());
                    }
                }))
                .register(registry);
    }

    /**
     * Reports how old this node's registry state may be and the revocation bound it must stay
     * under (requests fail closed with 503 once the age reaches the bound).
     */
    public void registryState(Supplier<Duration> age, Duration bound) {
        Objects.requireNonNull(age, "age");
        double boundSeconds = seconds(Objects.requireNonNull(bound, "bound"));
        GaugeWithCallback.builder()
                .name("labelgate_registry_state_age_seconds")
                .help("Time since this node last read the registry's change feed: how old its registry state may be")
                .unit(Unit.SECONDS)
                .callback(callback -> callback.call(seconds(age.get())))
                .register(registry);
        GaugeWithCallback.builder()
                .name("labelgate_registry_revocation_bound_seconds")
                .help(
                        "The revocation bound (labelgate.revocation.max-staleness): requests fail closed once the age reaches it")
                .unit(Unit.SECONDS)
                .callback(callback -> callback.call(boundSeconds))
                .register(registry);
    }

    /**
     * Reports the policy deciding now.
     *
     * @param source   where it comes from: {@code built-in}, {@code bundle} or {@code opa-server}
     * @param revision labelgate's count of the policies the engine has run (a new one with every
     *                 bundle loaded; 0 for an OPA server's policy, which labelgate does not see)
     */
    public void policy(Supplier<String> source, Supplier<Long> revision) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(revision, "revision");
        registry.register(() -> InfoSnapshot.builder()
                .name("labelgate_policy")
                .help("The policy deciding now: where it comes from, and its revision on this node")
                .dataPoint(InfoSnapshot.InfoDataPointSnapshot.builder()
                        .labels(Labels.of("revision", Long.toString(revision.get()), "source", source.get()))
                        .build())
                .build());
    }

    /**
     * Reports the registry's tokens by how soon they expire, counted at most every
     * 30 seconds.
     */
    public void tokens(Supplier<List<TokenRecord>> tokens, Clock clock, ExpiryWarning warning) {
        TokenExpiries expiries = new TokenExpiries(tokens, clock, warning);
        GaugeWithCallback.builder()
                .name("labelgate_tokens")
                .help("The registry's tokens by time to expiry: expired, within 1d, 7d, 30d, 90d, later, never "
                        + "(each in the first that fits; counted at most every 30 s)")
                .labelNames("expires_within")
                .callback(callback ->
                        expiries.counts().forEach((within, count) -> callback.call(count, within.wireName())))
                .register(registry);
        GaugeWithCallback.builder()
                .name("labelgate_tokens_expiring_soon")
                .help("The registry's tokens that expire within the warning window (labelgate.tokens.expiry-warning), "
                        + "as the token list marks them")
                .callback(callback -> expiries.expiringSoon().ifPresent(count -> callback.call(count)))
                .register(registry);
    }

    private static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }

    /**
     * Everything, written in the format the {@code Accept} header asks for: OpenMetrics when it
     * names {@code application/openmetrics-text}, the Prometheus text format otherwise.
     *
     * @param accept the request's {@code Accept} header, or null
     */
    public Exposition scrape(String accept) {
        ExpositionFormatWriter writer = formats.findWriter(accept);
        if (!writer.isAvailable()) {
            // the protobuf format is not on the class path (its library brings protobuf)
            writer = formats.getPrometheusTextFormatWriter();
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream(4096);
        try {
            writer.write(body, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory failed", e);
        }
        return new Exposition(writer.getContentType(), body.toByteArray());
    }

    /**
     * One scrape's document.
     *
     * @param contentType its media type, e.g. {@code text/plain; version=0.0.4; charset=utf-8}
     * @param body        the document
     */
    public record Exposition(String contentType, byte[] body) {
        public Exposition {
            Objects.requireNonNull(contentType, "contentType");
            Objects.requireNonNull(body, "body");
        }
    }
}
