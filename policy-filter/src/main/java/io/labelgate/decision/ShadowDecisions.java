package io.labelgate.decision;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.labelgate.json.Json;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Shadow mode: a second policy decides beside the live one, on every request or a sampled share,
 * and every time the two disagree one line is logged (logger {@value #LOGGER}: the decision id,
 * both answers and their reasons) and counted. Its answers never change a response.
 *
 * <p>The shadow policy is asked on a thread of its own, after the response's decision is made:
 * the request does not wait for it. When the shadow falls behind (more than
 * {@value #QUEUE} comparisons waiting), further requests are not compared, and counted as
 * skipped, rather than slowing the live path or holding memory without bound.
 */
public final class ShadowDecisions implements AutoCloseable {

    /** The logger of disagreement lines. */
    public static final String LOGGER = "io.labelgate.shadow";

    static final int QUEUE = 1_000;
    private static final Logger LINES = Logger.getLogger(LOGGER);

    private final DecisionEngine shadow;
    private final double sampleRate;
    private final ThreadPoolExecutor worker;
    private final LongAdder compared = new LongAdder();
    private final LongAdder disagreed = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder skipped = new LongAdder();
    /** Comparisons asked for and not done yet. */
    private final AtomicInteger pending = new AtomicInteger();

    /**
     * Counts since start.
     *
     * @param compared  requests the shadow decided too
     * @param disagreed of those, the ones where it answered otherwise (allow, or reasons)
     * @param failed    requests the shadow could not decide (no policy loaded, a fault)
     * @param skipped   sampled requests not compared because the shadow was behind
     */
    public record Counts(long compared, long disagreed, long failed, long skipped) {}

    /**
     * @param shadow     the engine running the shadow policy
     * @param sampleRate share of requests compared, more than 0 and at most 1
     * @param appName    names the worker thread
     */
    public ShadowDecisions(DecisionEngine shadow, double sampleRate, String appName) {
        this.shadow = Objects.requireNonNull(shadow, "shadow");
        if (!(sampleRate > 0 && sampleRate <= 1)) {
            throw new IllegalArgumentException("the sample rate must be more than 0 and at most 1");
        }
        this.sampleRate = sampleRate;
        this.worker = new ThreadPoolExecutor(
                1,
                1,
                0,
                TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(QUEUE),
                runnable -> {
                    Thread thread = new Thread(runnable, "labelgate-shadow-" + appName);
                    thread.setDaemon(true);
                    return thread;
                },
                (rejected, executor) -> {
                    pending.decrementAndGet();
                    skipped.increment();
                });
    }

    /**
     * Compares the live decision of one request with the shadow policy's, later, on the shadow's
     * thread. The input is built only for sampled requests.
     */
    public void compare(String decisionId, Supplier<DecisionInput> input, Decision live) {
        if (sampleRate < 1 && ThreadLocalRandom.current().nextDouble() >= sampleRate) {
            return;
        }
        DecisionInput asked = input.get();
        pending.incrementAndGet();
        worker.execute(() -> {
            try {
                decide(decisionId, asked, live);
            } finally {
                pending.decrementAndGet();
            }
        });
    }

    private void decide(String decisionId, DecisionInput input, Decision live) {
        Decision other;
        try {
            other = shadow.decide(input);
        } catch (DecisionException | RuntimeException e) {
            failed.increment();
            LINES.log(
                    Level.FINE, () -> "labelgate shadow: decision " + decisionId + " not compared: " + e.getMessage());
            return;
        }
        compared.increment();
        if (other.allow() != live.allow() || !other.reasons().equals(live.reasons())) {
            disagreed.increment();
            LINES.info(() -> line(decisionId, input, live, other));
        }
    }

    /** The disagreement line: what was asked (no secret is in the input) and both answers. */
    static String line(String decisionId, DecisionInput input, Decision live, Decision shadow) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("decision_id", decisionId);
        line.put("token_id", input.token().id());
        line.put("app_id", input.app().id());
        line.put("method", input.request().method());
        line.put("path", input.request().path());
        line.put("action", input.request().action());
        line.put("live", answer(live));
        line.put("shadow", answer(shadow));
        try {
            return "labelgate shadow disagreement: " + Json.mapper().writeValueAsString(line);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a shadow line", e);
        }
    }

    private static Map<String, Object> answer(Decision decision) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("result", decision.allow() ? "allow" : "deny");
        answer.put("reasons", decision.reasons());
        return answer;
    }

    /** The counts now. */
    public Counts counts() {
        return new Counts(compared.sum(), disagreed.sum(), failed.sum(), skipped.sum());
    }

    /**
     * Waits until every comparison asked for so far is done, at most {@code timeoutMillis}: for
     * tests and for an orderly stop.
     *
     * @return whether the queue was drained in time
     */
    public boolean drain(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (pending.get() > 0) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }

    /** Stops comparing; comparisons still waiting are dropped. */
    @Override
    public void close() {
        pending.addAndGet(-worker.shutdownNow().size());
    }
}
