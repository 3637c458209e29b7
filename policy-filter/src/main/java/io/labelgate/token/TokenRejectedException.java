package io.labelgate.token;

/**
 * A token that labelgate does not accept. The message is a short caller-safe description
 * ("token expired", "token signature invalid"): it never contains the token or its claims.
 */
public final class TokenRejectedException extends Exception {

    private static final long serialVersionUID = 1L;

    public TokenRejectedException(String description) {
        super(description, null, false, false);
    }
}
