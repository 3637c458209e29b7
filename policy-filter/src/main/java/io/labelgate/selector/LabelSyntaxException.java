package io.labelgate.selector;

/**
 * Thrown when a label key, a label value or a labels configuration text is malformed.
 *
 * <p>The message names what is wrong, quoting at most a short, escaped excerpt of the input, for
 * example {@code invalid label key "Example.com/abc": prefix part must be a lowercase RFC 1123
 * subdomain ...}.
 */
public final class LabelSyntaxException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String reason;

    /**
     * @param subject what was invalid, already sanitised, e.g. {@code label key "x"}
     * @param reason  why, without any input text except sanitised excerpts
     */
    LabelSyntaxException(String subject, String reason) {
        super("invalid " + subject + ": " + reason);
        this.reason = reason;
    }

    /**
     * Returns why the input was refused, without the quoted input, for example
     * {@code name part must be no more than 63 characters}.
     *
     * @return the reason, never {@code null}
     */
    public String reason() {
        return reason;
    }
}
