package io.labelgate.cdi;

import io.labelgate.decision.Action;
import io.labelgate.http.PipelineObserver;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Each decision as an OpenTelemetry span, {@value #NAME}, a child of whatever span is current on
 * the request's thread (the container's span of the request, where its instrumentation made one),
 * from when deciding began to when it ended, with the decision log's facts as attributes: decision
 * id, token id (never its string), app, action, result, engine and whether the cache answered. The
 * tracer is the container's ({@link Tracing}); with its SDK disabled every span is a no-op.
 */
final class DecisionSpans implements PipelineObserver {

    /** The spans' name. */
    static final String NAME = "labelgate decision";

    static final AttributeKey<String> DECISION_ID = AttributeKey.stringKey("labelgate.decision.id");
    static final AttributeKey<String> TOKEN_ID = AttributeKey.stringKey("labelgate.token.id");
    static final AttributeKey<String> APP_ID = AttributeKey.stringKey("labelgate.app.id");
    static final AttributeKey<String> ACTION = AttributeKey.stringKey("labelgate.action");
    static final AttributeKey<String> RESULT = AttributeKey.stringKey("labelgate.result");
    static final AttributeKey<String> ENGINE = AttributeKey.stringKey("labelgate.engine");
    static final AttributeKey<Boolean> CACHED = AttributeKey.booleanKey("labelgate.cached");

    private final Supplier<Tracer> tracer;
    private final String appId;
    private final String engine;

    /**
     * @param tracer the container's tracer, asked on every decision (it may resolve lazily)
     * @param appId  this app's id
     * @param engine the engine's wire name ({@code embedded}, {@code remote})
     */
    DecisionSpans(Supplier<Tracer> tracer, String appId, String engine) {
        this.tracer = Objects.requireNonNull(tracer, "tracer");
        this.appId = Objects.requireNonNull(appId, "appId");
        this.engine = Objects.requireNonNull(engine, "engine");
    }

    @Override
    public void decision(
            String decisionId, String tokenId, Action action, boolean allowed, boolean cached, long nanos) {
        Instant ended = Instant.now();
        Span span = tracer.get()
                .spanBuilder(NAME)
                .setParent(Context.current())
                .setSpanKind(SpanKind.INTERNAL)
                .setStartTimestamp(ended.minus(nanos, ChronoUnit.NANOS))
                .setAttribute(DECISION_ID, decisionId)
                .setAttribute(TOKEN_ID, tokenId)
                .setAttribute(APP_ID, appId)
                .setAttribute(ACTION, action.wireName())
                .setAttribute(RESULT, allowed ? "allowed" : "denied")
                .setAttribute(ENGINE, engine)
                .setAttribute(CACHED, cached)
                .startSpan();
        span.end(ended);
    }
}
