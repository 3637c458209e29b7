package io.labelgate.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Resolves the token from {@code Authorization: Bearer <token>} only (RFC 6750 §2.1).
 *
 * <ul>
 *   <li>the scheme is matched case-insensitively (RFC 9110 §11.1);</li>
 *   <li>a token in the URL query ({@code access_token}, RFC 6750 §2.3) is refused with 400
 *       {@code invalid_request}: URLs end up in logs, histories and referrers;</li>
 *   <li>two {@code Authorization} headers, or an empty {@code Bearer} credential, are refused with
 *       400 {@code invalid_request};</li>
 *   <li>a credential that is not one {@code b64token} is refused with 400 {@code invalid_request}
 *       too, but by the {@link ProtectionPipeline}, once the credential has failed verification
 *       ({@link #requireB64Token}): the verified-token cache holds only canonical compact JWS
 *       strings, every one a {@code b64token}, so a credential it knows needs no scan of its
 *       characters, and every other one is refused by verification before anything reads it;</li>
 *   <li>another scheme ({@code Basic ...}) is not a bearer token: the request is treated as
 *       presenting none, and is challenged with 401.</li>
 * </ul>
 */
public final class AuthorizationHeaderResolver implements BearerTokenResolver {

    private static final String SCHEME = "bearer";
    private static final String QUERY_PARAMETER = "access_token";
    private static final String NOT_ONE_TOKEN = "the Bearer credential must be a single token (RFC 6750 section 2.1)";

    @Override
    public Optional<String> resolve(RequestView request) throws AuthException {
        if (queryCarriesToken(request.queryString())) {
            throw new AuthException(
                    AuthError.invalidRequest("tokens in the URL query are refused; send Authorization: Bearer"));
        }
        List<String> values = request.headers("Authorization");
        if (values.isEmpty()) {
            return Optional.empty();
        }
        if (values.size() > 1) {
            throw new AuthException(AuthError.invalidRequest("more than one Authorization header"));
        }
        String value = values.get(0).strip();
        int space = value.indexOf(' ');
        String scheme = (space < 0 ? value : value.substring(0, space)).toLowerCase(Locale.ROOT);
        if (!scheme.equals(SCHEME)) {
            return Optional.empty();
        }
        String credential = space < 0 ? "" : value.substring(space + 1).strip();
        if (credential.isEmpty()) {
            throw new AuthException(AuthError.invalidRequest("the Bearer scheme needs a token"));
        }
        return Optional.of(credential);
    }

    /**
     * Refuses, with 400 {@code invalid_request}, a credential that is not one RFC 6750
     * {@code b64token}: what a client sent is not one token at all, rather than a token that does
     * not verify (401).
     */
    public static void requireB64Token(String credential) throws AuthException {
        if (!isB64Token(credential)) {
            throw new AuthException(AuthError.invalidRequest(NOT_ONE_TOKEN));
        }
    }

    /**
     * The b64token characters ({@code ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/"}) as a bit
     * set over ASCII: one shift and mask per character, as a credential that fails verification, or
     * the admin API's, is checked whole.
     */
    private static final long B64_LOW = bits("0123456789+-./");

    private static final long B64_HIGH = bits("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_~");

    private static long bits(String characters) {
        long set = 0;
        for (char c : characters.toCharArray()) {
            set |= 1L << (c & 63);
        }
        return set;
    }

    /**
     * Whether a credential is one RFC 6750 {@code b64token}: b64token = 1*( ALPHA / DIGIT / "-" /
     * "." / "_" / "~" / "+" / "/" ) *"=" (RFC 6750 §2.1). Checked over the credential's Latin-1
     * bytes (a character outside Latin-1 becomes '?', which is refused): one array copy, then a
     * loop over bytes, about half the time of one over {@code charAt} in a profile of the request path.
     */
    public static boolean isB64Token(String credential) {
        byte[] bytes = credential.getBytes(StandardCharsets.ISO_8859_1);
        int i = 0;
        int length = bytes.length;
        while (i < length && isB64Char(bytes[i])) {
            i++;
        }
        if (i == 0) {
            return false;
        }
        while (i < length && bytes[i] == '=') {
            i++;
        }
        return i == length;
    }

    private static boolean isB64Char(byte b) {
        long set = b < 0 ? 0 : b < 64 ? B64_LOW : B64_HIGH;
        return (set >>> (b & 63) & 1) != 0;
    }

    private static boolean queryCarriesToken(String query) {
        if (query == null || query.isEmpty()) {
            return false;
        }
        for (String pair : query.split("&", -1)) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            if (QUERY_PARAMETER.equals(name) || QUERY_PARAMETER.equals(decodeQuietly(name))) {
                return true;
            }
        }
        return false;
    }

    private static String decodeQuietly(String name) {
        try {
            return URLDecoder.decode(name, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformedEscape) {
            return name;
        }
    }
}
