package io.labelgate.http;

/**
 * Formats the {@code WWW-Authenticate} header value of RFC 6750 §3 for an {@link AuthError}.
 *
 * <p>This is the only place the header is written. Every quoted value is sanitised to the
 * characters RFC 6750 allows inside {@code error_description} ({@code %x20-21 / %x23-5B / %x5D-7E}):
 * a double quote becomes a single quote, anything else outside that set becomes {@code ?}, so a
 * description can never break out of its quotes or inject a header.
 */
public final class Challenge {

    private static final int MAX_DESCRIPTION = 200;

    private Challenge() {}

    /**
     * The header value, e.g. {@code Bearer realm="ai-app", error="invalid_token", error_description="token expired"}.
     *
     * @param realm the protection space, usually the application's name
     * @param error the refusal; a 503 still gets a bare challenge so clients know the scheme
     */
    public static String wwwAuthenticate(String realm, AuthError error) {
        StringBuilder header =
                new StringBuilder("Bearer realm=\"").append(sanitise(realm)).append('"');
        if (error.code() != null && error.challenges()) {
            header.append(", error=\"").append(sanitise(error.code())).append('"');
            header.append(", error_description=\"")
                    .append(sanitise(error.description()))
                    .append('"');
        }
        return header.toString();
    }

    /** Keeps only RFC 6750 quoted-value characters and bounds the length. */
    static String sanitise(String value) {
        int length = Math.min(value.length(), MAX_DESCRIPTION);
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            boolean allowed = c == 0x20 || c == 0x21 || (c >= 0x23 && c <= 0x5B) || (c >= 0x5D && c <= 0x7E);
            out.append(allowed ? c : c == '"' ? '\'' : '?');
        }
        if (value.length() > MAX_DESCRIPTION) {
            out.append("...");
        }
        return out.toString();
    }
}
