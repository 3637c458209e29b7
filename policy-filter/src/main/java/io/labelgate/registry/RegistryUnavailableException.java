package io.labelgate.registry;

/**
 * The registry could not be read or written: the database is down, unreachable or failing.
 * Requests that need the registry to be decided are refused with 503 (fail closed).
 */
public final class RegistryUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public RegistryUnavailableException(String message) {
        super(message);
    }

    public RegistryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
