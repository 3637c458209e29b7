package io.labelgate.http;

import java.util.List;
import java.util.Objects;

/**
 * Why labelgate refused a request: the one structured error type of the request path.
 *
 * <p>{@code code} is the RFC 6750 §3.1 error code ({@code invalid_request}, {@code invalid_token},
 * {@code insufficient_scope}) or {@code null} when the request carried no credentials at all
 * (RFC 6750 §3.1: "the resource server SHOULD NOT include an error code"). {@code description}
 * is a short human sentence that is safe to show to the caller: it never contains a token string
 * or policy internals. {@code reasons} are the policy's reasons for a 403.
 *
 * @param code        RFC 6750 error code, or {@code null} for a request without credentials
 * @param status      HTTP status: 400, 401, 403 or 503
 * @param description caller-safe description, never {@code null}
 * @param reasons     the policy's reasons (empty unless the policy denied)
 */
public record AuthError(String code, int status, String description, List<String> reasons) {

    /** Code for a malformed request (RFC 6750 §3.1). */
    public static final String INVALID_REQUEST = "invalid_request";
    /** Code for a token that is malformed, badly signed, expired or revoked (RFC 6750 §3.1). */
    public static final String INVALID_TOKEN = "invalid_token";
    /** Code for a valid token the policy does not allow here (RFC 6750 §3.1). */
    public static final String INSUFFICIENT_SCOPE = "insufficient_scope";
    /** Code for a decision that could not be made; labelgate failed closed. */
    public static final String TEMPORARILY_UNAVAILABLE = "temporarily_unavailable";

    public AuthError {
        Objects.requireNonNull(description, "description");
        reasons = List.copyOf(Objects.requireNonNull(reasons, "reasons"));
    }

    /** 401 without an error code: the request presented no token. */
    public static AuthError missingToken() {
        return new AuthError(null, 401, "a bearer token is required", List.of());
    }

    /** 400 {@code invalid_request}: the request carries a token in a way RFC 6750 does not allow here. */
    public static AuthError invalidRequest(String description) {
        return new AuthError(INVALID_REQUEST, 400, description, List.of());
    }

    /** 401 {@code invalid_token}. */
    public static AuthError invalidToken(String description) {
        return new AuthError(INVALID_TOKEN, 401, description, List.of());
    }

    /** 403 {@code insufficient_scope} with the policy's reasons. */
    public static AuthError insufficientScope(List<String> reasons) {
        List<String> safe = reasons.isEmpty() ? List.of("the policy denied the request") : reasons;
        return new AuthError(INSUFFICIENT_SCOPE, 403, String.join("; ", safe), safe);
    }

    /** 403 {@code insufficient_scope} for a JAX-RS role constraint. */
    public static AuthError roleRequired(String description) {
        return new AuthError(INSUFFICIENT_SCOPE, 403, description, List.of(description));
    }

    /**
     * 403 without an error code: a state-changing request authenticated by the browser session's
     * cookie, not shown to come from this site's own pages (no CSRF token, or cross-site). Not a
     * token problem, so no RFC 6750 code; the caller's token is fine.
     */
    public static AuthError crossSiteRequest(String description) {
        return new AuthError(null, 403, description, List.of());
    }

    /** 503: the decision could not be made, so the request is refused (fail closed). */
    public static AuthError decisionUnavailable() {
        return new AuthError(
                TEMPORARILY_UNAVAILABLE,
                503,
                "the authorization decision could not be made; try again later",
                List.of());
    }

    /** Whether this error is reported in a {@code WWW-Authenticate} challenge (RFC 6750 §3). */
    public boolean challenges() {
        return status == 400 || status == 401 || status == 403;
    }
}
