package io.labelgate.decision;

import com.fasterxml.jackson.core.JsonProcessingException;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The decision log: one structured (JSON) line per decision, through the container's logging
 * (java.util.logging logger {@value #LOGGER}, level INFO): decision id, token id, app id, action,
 * result, reasons, engine, whether it came from the cache, and latency. Never a token string, an
 * {@code Authorization} or a {@code Cookie} header.
 */
public final class DecisionLog {

    /** The logger name, to route or silence decision lines in the container's logging configuration. */
    public static final String LOGGER = "io.labelgate.decisions";
    /** The response header that carries the decision id, to find the log line of a response. */
    public static final String HEADER = "X-Labelgate-Decision-Id";

    private DecisionLog() {
    }

    /** The log line of one decision. */
    public static String line(String decisionId, String tokenId, String appId, String action, Decision decision,
                              String engine, boolean cached, long latencyMicros) {
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
            return DecisionJson.mapper().writeValueAsString(line);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a decision log line", e);
        }
    }
}
