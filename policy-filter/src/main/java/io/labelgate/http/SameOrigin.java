package io.labelgate.http;

import java.util.List;
import java.util.Set;

/**
 * Whether a request a browser may have sent on another site's behalf comes from this site: the
 * check every state-changing request authenticated by a cookie must pass, beside its CSRF token.
 *
 * <p>Fetch Metadata ({@code Sec-Fetch-Site}, W3C Fetch Metadata §2.1) when the browser sends it:
 * {@code same-origin}, or {@code none} (the user typed or bookmarked the URL); a same-site page on
 * another port or a sibling subdomain says {@code same-site} and is refused. Else {@code Origin}
 * (RFC 6454 §7) against the scheme and {@code Host} the request was sent to. A client that sends
 * neither header is not a browser acting for a page (browsers send {@code Origin} on every
 * non-GET request) and still needs the CSRF token.
 */
public final class SameOrigin {

    /** The methods RFC 9110 §9.2.1 defines as safe; every other method changes state. */
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    private SameOrigin() {}

    /** Whether the request's method may change state (RFC 9110 §9.2.1; methods are case-sensitive). */
    public static boolean changesState(RequestView request) {
        return !SAFE_METHODS.contains(request.method());
    }

    /** Whether the request comes from this site's own pages, as far as the browser says. */
    public static boolean test(RequestView request) {
        List<String> site = request.headers("Sec-Fetch-Site");
        if (!site.isEmpty()) {
            return site.size() == 1
                    && (site.get(0).equals("same-origin") || site.get(0).equals("none"));
        }
        List<String> origin = request.headers("Origin");
        if (origin.isEmpty()) {
            return true;
        }
        List<String> host = request.headers("Host");
        return origin.size() == 1
                && host.size() == 1
                && origin.get(0).equalsIgnoreCase((request.secure() ? "https://" : "http://") + host.get(0));
    }
}
