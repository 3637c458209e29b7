package io.labelgate.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.labelgate.decision.DecisionJson;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The response for a refused request, identical on every container: status, the RFC 6750
 * challenge, {@code Cache-Control: no-store}, and an RFC 9457 problem document body.
 *
 * <p>The body holds the error code, the description and the policy's reasons: no token, no
 * stack trace, no policy internals.
 *
 * @param status          HTTP status
 * @param wwwAuthenticate the challenge header value
 * @param body            the {@code application/problem+json} body
 */
public record Refusal(int status, String wwwAuthenticate, String body) {

    /** The body's media type (RFC 9457 §3). */
    public static final String CONTENT_TYPE = "application/problem+json";

    public Refusal {
        Objects.requireNonNull(wwwAuthenticate, "wwwAuthenticate");
        Objects.requireNonNull(body, "body");
    }

    /** The response for this error in this realm. */
    public static Refusal of(AuthError error, String realm) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", title(error.status()));
        problem.put("status", error.status());
        problem.put("detail", error.description());
        if (error.code() != null) {
            problem.put("error", error.code());
        }
        if (!error.reasons().isEmpty()) {
            problem.put("reasons", error.reasons());
        }
        try {
            return new Refusal(error.status(), Challenge.wwwAuthenticate(realm, error),
                    DecisionJson.mapper().writeValueAsString(problem));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a problem document", e);
        }
    }

    private static String title(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 503 -> "Service Unavailable";
            default -> "Error";
        };
    }
}
