package io.labelgate.http;

import io.labelgate.token.TokenClaims;
import io.labelgate.token.TokenRejectedException;

import java.util.Optional;

/**
 * Finds the browser session a request carries (the "Login with token" cookie) and what its token
 * says now. Consulted only when the request presents no bearer token.
 */
@FunctionalInterface
public interface SessionLookup {

    /**
     * @return the claims of the session's token, or empty when the request carries no token session
     * @throws TokenRejectedException when the session ended or its token was regenerated, deleted or expired
     * @throws AuthException          when the session may not be used for this request: a state-changing
     *                                request without the session's CSRF token or from another site
     */
    Optional<TokenClaims> claims(RequestView request) throws TokenRejectedException, AuthException;

    /** No browser sessions: API clients only. */
    static SessionLookup none() {
        return request -> Optional.empty();
    }
}
