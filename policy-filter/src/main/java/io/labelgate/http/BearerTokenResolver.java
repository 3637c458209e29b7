package io.labelgate.http;

import java.util.Optional;

/**
 * Finds the bearer token a request presents.
 *
 * <p>Returns empty when the request presents none, and throws {@link AuthException} with a
 * 400 {@code invalid_request} when it presents one in a way that is not allowed (RFC 6750 §3.1).
 */
@FunctionalInterface
public interface BearerTokenResolver {

    /** The token string the request carries, if any. */
    Optional<String> resolve(RequestView request) throws AuthException;
}
