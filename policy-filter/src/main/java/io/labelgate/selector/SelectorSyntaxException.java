package io.labelgate.selector;

/**
 * Thrown when a label selector text cannot be parsed.
 *
 * <p>The message has the form {@code invalid label selector at position 7: expected '(' after
 * 'in', found "prod"}. It quotes at most a short, escaped excerpt of the input, since selector
 * text may come from an attacker.
 */
public final class SelectorSyntaxException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final int position;
    private final String reason;

    SelectorSyntaxException(int position, String reason) {
        this(position, reason, null);
    }

    SelectorSyntaxException(int position, String reason, Throwable cause) {
        super("invalid label selector at position " + position + ": " + reason, cause);
        this.position = position;
        this.reason = reason;
    }

    /**
     * Returns the 0-based index, in the parsed text, of the first character of the offending
     * token; the text's length when the text ended too early.
     *
     * @return the position, never negative
     */
    public int position() {
        return position;
    }

    /**
     * Returns what is wrong at {@link #position()}, for example {@code expected ',' or end of
     * input, found '='}.
     *
     * @return the reason, never {@code null}
     */
    public String reason() {
        return reason;
    }
}
