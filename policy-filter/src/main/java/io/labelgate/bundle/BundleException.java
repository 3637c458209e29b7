package io.labelgate.bundle;

/** A bundle was refused: unreadable, unsigned where a signature is required, tampered, or not a policy. */
public final class BundleException extends Exception {

    private static final long serialVersionUID = 1L;

    public BundleException(String message) {
        super(message);
    }

    public BundleException(String message, Throwable cause) {
        super(message, cause);
    }
}
