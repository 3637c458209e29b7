package io.labelgate.cdi;

import io.labelgate.decision.Action;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Decisions as spans, exported by the OpenTelemetry SDK as a container's would. */
class DecisionSpansTest {

    /** Keeps what the SDK exports. */
    private static final class Collected implements SpanExporter {
        final List<SpanData> spans = new ArrayList<>();

        @Override
        public synchronized CompletableResultCode export(Collection<SpanData> batch) {
            spans.addAll(batch);
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }

    private final Collected collected = new Collected();
    private final SdkTracerProvider provider = SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(collected))
            .build();
    private final Tracer tracer = provider.get("test");
    private final DecisionSpans spans = new DecisionSpans(() -> tracer, "app-1", "embedded");

    @Test
    void aDecisionIsASpanUnderTheRequestsSpanWithTheDecisionLogsFacts() {
        Span request = tracer.spanBuilder("GET /api/hello")
                .setSpanKind(SpanKind.SERVER)
                .startSpan();
        try (Scope ignored = request.makeCurrent()) {
            spans.decision("dec-1", "tok-1", Action.MANAGE, false, true, TimeUnit.MILLISECONDS.toNanos(3));
        } finally {
            request.end();
        }
        provider.forceFlush().join(5, TimeUnit.SECONDS);

        SpanData decision = collected.spans.stream()
                .filter(span -> span.getName().equals(DecisionSpans.NAME))
                .findFirst()
                .orElseThrow();
        assertEquals(request.getSpanContext().getTraceId(), decision.getTraceId());
        assertEquals(request.getSpanContext().getSpanId(), decision.getParentSpanId());
        assertEquals(SpanKind.INTERNAL, decision.getKind());
        assertEquals("dec-1", decision.getAttributes().get(DecisionSpans.DECISION_ID));
        assertEquals("tok-1", decision.getAttributes().get(DecisionSpans.TOKEN_ID));
        assertEquals("app-1", decision.getAttributes().get(DecisionSpans.APP_ID));
        assertEquals("manage", decision.getAttributes().get(DecisionSpans.ACTION));
        assertEquals("denied", decision.getAttributes().get(DecisionSpans.RESULT));
        assertEquals("embedded", decision.getAttributes().get(DecisionSpans.ENGINE));
        assertEquals(true, decision.getAttributes().get(DecisionSpans.CACHED));
        assertEquals(TimeUnit.MILLISECONDS.toNanos(3), decision.getEndEpochNanos() - decision.getStartEpochNanos());
    }

    @Test
    void withoutARequestSpanTheDecisionStartsItsOwnTrace() {
        spans.decision("dec-2", "tok-2", Action.READ, true, false, 1_000);
        provider.forceFlush().join(5, TimeUnit.SECONDS);

        assertEquals(1, collected.spans.size());
        SpanData decision = collected.spans.get(0);
        assertFalse(decision.getParentSpanContext().isValid(), "no parent");
        assertEquals("allowed", decision.getAttributes().get(DecisionSpans.RESULT));
        assertEquals("read", decision.getAttributes().get(DecisionSpans.ACTION));
    }
}
