package io.labelgate.decision;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.labelgate.json.Json;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The decision log: one structured (JSON) line per decision, through the container's logging
 * (java.util.logging logger {@value #LOGGER}): decision id, token id, app id, action, result,
 * reasons, engine, whether it came from the cache, and latency. Never a token string, an
 * {@code Authorization} or a {@code Cookie} header.
 *
 * <p>Refusals are logged at {@code INFO}; allowed requests at {@code FINE} unless
 * {@code labelgate.decision-log.allowed=true} puts them at {@code INFO} too. An INFO line per
 * request through the container's log handler costs more than the whole decision (measured: the
 * protected sample's throughput falls from 0.94 to 0.76 of the unprotected one's on Payara Micro,
 * scripts/benchmark.sh).
 */
public final class DecisionLog {

    private static final Logger DECISIONS = Logger.getLogger(DecisionLog.LOGGER);

    /** The logger name, to route or silence decision lines in the container's logging configuration. */
    public static final String LOGGER = "io.labelgate.decisions";
    /** The response header that carries the decision id, to find the log line of a response. */
    public static final String HEADER = "X-Labelgate-Decision-Id";

    private final String engine;
    private final Level allowedLevel;

    /**
     * @param engine         the engine name each line carries
     * @param logAllowedInfo whether allowed requests are logged at {@code INFO} (else {@code FINE})
     */
    public DecisionLog(String engine, boolean logAllowedInfo) {
        this.engine = Objects.requireNonNull(engine, "engine");
        this.allowedLevel = logAllowedInfo ? Level.INFO : Level.FINE;
    }

    /**
     * Logs one decision; the line is built only when its level is enabled, and nothing is
     * allocated when it is not (an allowed request, by default).
     */
    public void record(
            String decisionId,
            String tokenId,
            String appId,
            String action,
            Decision decision,
            boolean cached,
            long latencyMicros) {
        Level level = level(decision);
        if (!DECISIONS.isLoggable(level)) {
            return;
        }
        DECISIONS.log(level, line(decisionId, tokenId, appId, action, decision, engine, cached, latencyMicros));
    }

    /** The level of a decision's line: {@code INFO} for a refusal. */
    Level level(Decision decision) {
        return decision.allow() ? allowedLevel : Level.INFO;
    }

    /**
     * A fresh decision id: a random (version 4) UUID from the thread's own generator. Decision ids
     * correlate a response with its log line; they are not secrets, so they need no SecureRandom
     * (whose shared lock every request would otherwise take).
     */
    public static String newId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(high, low).toString();
    }

    /** The log line of one decision. */
    public static String line(
            String decisionId,
            String tokenId,
            String appId,
            String action,
            Decision decision,
            String engine,
            boolean cached,
            long latencyMicros) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("decision_id", decisionId);
        line.put("token_id", tokenId);
        line.put("app_id", appId);
        line.put("action", action);
        line.put("result", decision.allow() ? "allow" : "deny");
        line.put("reasons", decision.reasons());
        line.put("engine", engine);
        line.put("cached", cached);
        line.put("latency_us", latencyMicros);
        try {
            return Json.mapper().writeValueAsString(line);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a decision log line", e);
        }
    }
}
