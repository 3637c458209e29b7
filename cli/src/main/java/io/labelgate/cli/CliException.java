package io.labelgate.cli;

import java.util.Objects;

/**
 * A failure the user is told about in one line on stderr ({@code labelgate: <message>}) and by
 * an exit code from {@link ExitCodes}. The message never holds a secret; no stack trace is kept.
 */
public final class CliException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int exitCode;

    /**
     * @param exitCode one of {@link ExitCodes}
     * @param message  what went wrong, for a person, without any secret
     */
    public CliException(int exitCode, String message) {
        super(Objects.requireNonNull(message, "message"), null, false, false);
        this.exitCode = exitCode;
    }

    /** The process exit code this failure ends with. */
    public int exitCode() {
        return exitCode;
    }
}
