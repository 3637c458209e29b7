package io.labelgate.selector;

/**
 * Makes a short, printable excerpt of untrusted text for exception messages.
 *
 * <p>Selector text may come from an attacker (a token claim, a request parameter). Messages built
 * from it end up in logs and HTTP headers, so they carry at most {@value #MAX_CHARS} characters of
 * it, quoted, with every character outside printable ASCII escaped as {@code \\uXXXX} (this covers
 * control characters, line breaks, and bidirectional or look-alike Unicode characters).
 */
final class Excerpt {

    /** Longest part of the input that a message quotes. */
    static final int MAX_CHARS = 40;

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Excerpt() {}

    /**
     * Quotes {@code text} for a message: double quotes around at most {@value #MAX_CHARS}
     * characters, escaped, followed by {@code ...} when the text was cut.
     */
    static String quote(String text) {
        int shown = Math.min(text.length(), MAX_CHARS);
        StringBuilder out = new StringBuilder(shown + 8).append('"');
        for (int i = 0; i < shown; i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7e) {
                out.append("\\u")
                        .append(HEX[(c >> 12) & 0xf])
                        .append(HEX[(c >> 8) & 0xf])
                        .append(HEX[(c >> 4) & 0xf])
                        .append(HEX[c & 0xf]);
            } else {
                out.append(c);
            }
        }
        out.append('"');
        if (shown < text.length()) {
            out.append("...");
        }
        return out.toString();
    }
}
