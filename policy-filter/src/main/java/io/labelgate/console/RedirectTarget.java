package io.labelgate.console;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;

/**
 * Where a browser goes after logging in. The login form's {@code next} is honoured only as a
 * same-origin absolute path, so no link can send a fresh session to another site.
 */
final class RedirectTarget {

    private RedirectTarget() {}

    /** {@code next} if it is a same-origin absolute path. */
    static Optional<String> safe(String next) {
        if (next == null
                || next.isEmpty()
                || next.length() > 2048
                || !next.startsWith("/")
                || next.startsWith("//")
                || next.contains("\\")
                || next.chars().anyMatch(c -> c < 0x21 || c == 0x7f)) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(next);
            return uri.getScheme() == null && uri.getRawAuthority() == null ? Optional.of(next) : Optional.empty();
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    /**
     * After a login: an app token goes to {@code next}, else to the app's root. The admin
     * credential opens the console's pages and not the app ({@link BrowserSessions#claims}), so an
     * administrator goes to {@code next} only when it is a console page, else to the Tokens page:
     * sent to the app, they would land on the login page again.
     *
     * @param contextPath the app's context path, e.g. {@code /ai-app}
     * @param base        the console's base path, e.g. {@code /ai-app/labelgate}
     */
    static String afterLogin(boolean admin, String next, String contextPath, String base) {
        Optional<String> safe = safe(next);
        if (!admin) {
            return safe.orElse(contextPath + "/");
        }
        return safe.filter(target -> inside(target, base)).orElse(base + "/tokens");
    }

    private static boolean inside(String target, String base) {
        String path = URI.create(target).getRawPath();
        return path != null && (path.equals(base) || path.startsWith(base + "/"));
    }
}
