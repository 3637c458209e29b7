package io.labelgate.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import io.labelgate.decision.DecisionJson;

import java.util.List;
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
        Problem problem = new Problem("about:blank", title(error.status()), error.status(), error.description(),
                error.code(), error.reasons());
        try {
            return new Refusal(error.status(), Challenge.wwwAuthenticate(realm, error),
                    DecisionJson.mapper().writeValueAsString(problem));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a problem document", e);
        }
    }

    /** RFC 9457 §3.1 members, plus the RFC 6750 error code and the policy's reasons as extensions. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record Problem(String type, String title, int status, String detail, String error, List<String> reasons) {
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
