package io.labelgate.decision;

/** The engine could not decide: unavailable, timed out, or answered something malformed. */
public final class DecisionException extends Exception {

    private static final long serialVersionUID = 1L;

    public DecisionException(String message) {
        super(message);
    }

    public DecisionException(String message, Throwable cause) {
        super(message, cause);
    }
}
