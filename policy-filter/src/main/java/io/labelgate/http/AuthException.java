package io.labelgate.http;

import java.util.Objects;

/** Carries an {@link AuthError} out of a seam; its message is the caller-safe description. */
public final class AuthException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient AuthError error;

    public AuthException(AuthError error) {
        super(Objects.requireNonNull(error, "error").description(), null, false, false);
        this.error = error;
    }

    /** The refusal to write. */
    public AuthError error() {
        return error;
    }
}
