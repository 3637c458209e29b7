package io.labelgate.registry;

import java.util.Objects;

/** A token request that cannot be honoured; names the field and why, never echoing a secret. */
public final class TokenValidationException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String field;
    private final String reason;

    public TokenValidationException(String field, String reason) {
        super(field + ": " + reason);
        this.field = Objects.requireNonNull(field, "field");
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** The request field at fault, e.g. {@code selector}. */
    public String field() {
        return field;
    }

    /** Why it was refused. */
    public String reason() {
        return reason;
    }
}
