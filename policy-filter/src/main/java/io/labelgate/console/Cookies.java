package io.labelgate.console;

import io.labelgate.http.RequestView;

import java.util.Optional;

/**
 * The cookies of labelgate's browser pages. Over HTTPS they carry the {@code __Host-} prefix
 * (RFC 6265bis §4.1.3.2: Secure, Path=/, no Domain, so no other host or path can set them); over
 * plain HTTP — development on localhost — they have the plain name and no Secure attribute.
 * All are HttpOnly and SameSite=Strict.
 */
public final class Cookies {

    /** The session cookie's name over plain HTTP. */
    public static final String SESSION = "labelgate-session";
    /** The login form's CSRF cookie's name over plain HTTP. */
    public static final String CSRF = "labelgate-csrf";

    private Cookies() {}

    /** The cookie name for this transport. */
    public static String name(String base, boolean secure) {
        return secure ? "__Host-" + base : base;
    }

    /** A {@code Set-Cookie} value that lasts for the browser session. */
    public static String set(String base, String value, boolean secure) {
        return name(base, secure) + "=" + value + "; Path=/; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
    }

    /** A {@code Set-Cookie} value that removes the cookie. */
    public static String clear(String base, boolean secure) {
        return name(base, secure) + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
    }

    /**
     * The value of a cookie in the request's {@code Cookie} headers (RFC 6265 §5.4), under the one
     * name that belongs to the request's transport: over HTTPS only the {@code __Host-} name, so a
     * cookie planted under the plain name (by a sibling subdomain, or plain HTTP on the same host)
     * is never read; over plain HTTP only the plain name.
     */
    public static Optional<String> read(RequestView request, String base) {
        String wanted = name(base, request.secure());
        for (String header : request.headers("Cookie")) {
            for (String pair : header.split(";")) {
                int equals = pair.indexOf('=');
                if (equals < 0) {
                    continue;
                }
                String name = pair.substring(0, equals).strip();
                if (name.equals(wanted)) {
                    String value = pair.substring(equals + 1).strip();
                    if (!value.isEmpty()) {
                        return Optional.of(value);
                    }
                }
            }
        }
        return Optional.empty();
    }
}
