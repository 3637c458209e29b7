package io.labelgate.http;

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
    public static final String CONTENT_TYPE = Problem.CONTENT_TYPE;

    /** The realm a refusal names when labelgate did not start in the application, so knows no app name. */
    public static final String FALLBACK_REALM = "labelgate";

    public Refusal {
        Objects.requireNonNull(wwwAuthenticate, "wwwAuthenticate");
        Objects.requireNonNull(body, "body");
    }

    /** The response for this error in this realm. */
    public static Refusal of(AuthError error, String realm) {
        Problem problem = new Problem(
                "about:blank",
                Problem.title(error.status()),
                error.status(),
                error.description(),
                error.code(),
                null,
                error.reasons());
        return new Refusal(error.status(), Challenge.wwwAuthenticate(realm, error), problem.toJson());
    }
}
