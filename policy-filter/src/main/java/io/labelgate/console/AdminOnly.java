package io.labelgate.console;

import io.labelgate.registry.Actor;
import io.labelgate.registry.BrowserSession;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * The gate of the Tokens and Apps pages and the preview: a session opened with the admin
 * credential passes; a token's session gets 403; no session is sent to log in, with this page as
 * {@code next}.
 */
final class AdminOnly {

    private final BrowserSessions sessions;

    AdminOnly(BrowserSessions sessions) {
        this.sessions = Objects.requireNonNull(sessions, "sessions");
    }

    /** Who acts with an admin session, for the audit trail. */
    static Actor actor(BrowserSession session, Exchange exchange) {
        return Actor.adminSecret(exchange.request().getRemoteAddr());
    }

    /** The admin session; otherwise the answer is written and this is empty. */
    Optional<BrowserSession> session(Exchange exchange) throws IOException {
        Optional<BrowserSession> session = sessions.session(exchange.view());
        if (session.isPresent() && session.get().admin()) {
            return session;
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
}
