package io.labelgate.console;

import io.labelgate.registry.Actor;
import io.labelgate.registry.BrowserSession;
import jakarta.servlet.http.HttpServletRequest;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.Objects;
import java.util.Optional;

/**
 * The gate of the Tokens, Apps and Audit pages and the preview: an admin session passes, opened
 * with the admin secret on the login page, or for an administrator the container authenticated
 * (role {@value AdminCredential#ADMIN_ROLE}), whose own session this opens on their first page so
 * its forms carry a CSRF token and the pages and the audit trail name them. A token's session
 * gets 403; no session is sent to log in, with this page as {@code next}.
 */
final class AdminOnly {

    private final BrowserSessions sessions;

    AdminOnly(BrowserSessions sessions) {
        this.sessions = Objects.requireNonNull(sessions, "sessions");
    }

    /** Who acts with an admin session, for the audit trail. */
    static Actor actor(BrowserSession session, Exchange exchange) {
        String address = exchange.request().getRemoteAddr();
        return session.administrator()
                .map(name -> Actor.administrator(name, address))
                .orElseGet(() -> Actor.adminSecret(address));
    }

    /** Who the pages say is signed in. */
    static String signedInAs(BrowserSession session) {
        return session.administrator().orElse("the admin secret");
    }

    /** The admin session; otherwise the answer is written and this is empty. */
    Optional<BrowserSession> session(Exchange exchange) throws IOException {
        Optional<BrowserSession> session = sessions.session(exchange.view());
        Optional<String> administrator = containerAdministrator(exchange.request());
        if (session.isPresent()
                && session.get().admin()
                && (administrator.isEmpty()
                        || administrator.equals(session.get().administrator()))) {
            return session;
        }
        if (administrator.isPresent()) {
            BrowserSessions.Opened opened = sessions.openAdministrator(
                    administrator.get(), exchange.request().getRemoteAddr());
            exchange.response()
                    .addHeader(
                            "Set-Cookie",
                            Cookies.set(
                                    Cookies.SESSION,
                                    opened.sessionId(),
                                    exchange.request().isSecure()));
            return Optional.of(opened.session());
        }
        if (session.isPresent()) {
            exchange.error(
                    403,
                    "Administrators only",
                    "This page needs a session opened with the admin credential, not an app token.");
        } else {
            exchange.redirect(
                    exchange.base() + "/login?next=" + URLEncoder.encode(exchange.here(), StandardCharsets.UTF_8));
        }
        return Optional.empty();
    }

    /** The caller's name, when the container authenticated them in the administrators' role. */
    static Optional<String> containerAdministrator(HttpServletRequest request) {
        Principal principal = request.getUserPrincipal();
        if (principal == null || !request.isUserInRole(AdminCredential.ADMIN_ROLE)) {
            return Optional.empty();
        }
        return Optional.of(principal.getName());
    }
}
