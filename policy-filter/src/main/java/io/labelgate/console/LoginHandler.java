package io.labelgate.console;

import io.labelgate.http.Problem;
import io.labelgate.http.RefusalWriter;
import io.labelgate.registry.Actor;
import io.labelgate.registry.AuditAction;
import io.labelgate.registry.AuditEvent;
import io.labelgate.registry.AuditTrail;
import io.labelgate.registry.BrowserSession;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Logging in and out of the browser pages, and {@code /session}: the signed-in browser's CSRF
 * token as JSON, for the application's own scripts to send in {@code X-CSRF-Token} (readable by
 * same-origin pages only: labelgate sends no CORS headers).
 */
final class LoginHandler {

    private static final Logger LOG = Logger.getLogger(LoginHandler.class.getName());

    private final BrowserSessions sessions;
    private final String appName;
    private final AuditTrail audit;
    private final boolean containerLogin;

    /** @param containerLogin whether the page links to the administrators' container login */
    LoginHandler(BrowserSessions sessions, String appName, AuditTrail audit, boolean containerLogin) {
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.appName = Objects.requireNonNull(appName, "appName");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.containerLogin = containerLogin;
    }

    /** The reason codes the filter sends browsers back with; never free text from the URL. */
    static String message(String reason) {
        if (reason == null) {
            return null;
        }
        return switch (reason) {
            case "invalid" ->
                "Your token is no longer valid: it expired, or was regenerated or deleted. " + "Paste a current token.";
            case "session" -> "Your session ended. Log in again.";
            case "next" -> "That address leads outside this application, so it was ignored.";
            default -> null;
        };
    }

    /** The login page, as a link or the filter shows it. */
    void page(Exchange exchange) throws IOException {
        page(exchange, exchange.parameter("next"), message(exchange.parameter("reason")), 200);
    }

    private void page(Exchange exchange, String next, String message, int status) throws IOException {
        String csrf = BrowserSessions.random();
        Optional<String> safeNext = RedirectTarget.safe(next);
        if (next != null && safeNext.isEmpty() && message == null) {
            message = message("next");
        }
        exchange.response()
                .addHeader(
                        "Set-Cookie",
                        Cookies.set(Cookies.CSRF, csrf, exchange.request().isSecure()));
        BrowserSession current = sessions.session(exchange.view()).orElse(null);
        exchange.page(
                status,
                LoginPage.render(new LoginPage.Model(
                        exchange.base(),
                        appName,
                        csrf,
                        safeNext.orElse(exchange.request().getContextPath() + "/"),
                        message,
                        current,
                        containerLogin)));
    }

    /** The form's POST: a session and a redirect, or the page again with the reason. */
    void submit(Exchange exchange) throws IOException {
        Optional<String> cookie = Cookies.read(exchange.view(), Cookies.CSRF);
        if (cookie.isEmpty()
                || !BrowserSessions.sameSecret(cookie.get(), exchange.parameter("csrf"))
                || !exchange.sameOrigin()) {
            exchange.formExpired();
            return;
        }
        String next = exchange.parameter("next");
        String address = exchange.request().getRemoteAddr();
        BrowserSessions.Login login = sessions.login(exchange.parameter("token"), address);
        if (login instanceof BrowserSessions.Login.Refused refused) {
            if (refused.failure() == BrowserSessions.Failure.THROTTLED) {
                sessions.retryAfter(address)
                        .ifPresent(wait ->
                                exchange.response().setHeader("Retry-After", FailureThrottle.retryAfterSeconds(wait)));
                page(exchange, next, "Too many failed attempts from your address. Try again later.", 429);
            } else {
                AdminCredential.record(
                        audit,
                        AuditEvent.of(
                                Actor.unknown(address), AuditAction.SIGN_IN_REFUSED, BrowserSessions.AUDIT_TARGET));
                page(
                        exchange,
                        next,
                        "That token is not valid for this application. Check that you "
                                + "pasted all of it, and that it was not regenerated or deleted.",
                        200);
            }
            return;
        }
        BrowserSessions.Opened opened = ((BrowserSessions.Login.Success) login).opened();
        sessions.logout(exchange.view());
        boolean admin = opened.session().admin();
        LOG.info(() -> "labelgate: browser login with "
                + (admin ? "the admin credential" : "token " + opened.session().tokenId()));
        boolean secure = exchange.request().isSecure();
        exchange.response().addHeader("Set-Cookie", Cookies.set(Cookies.SESSION, opened.sessionId(), secure));
        exchange.response().addHeader("Set-Cookie", Cookies.clear(Cookies.CSRF, secure));
        exchange.redirect(
                RedirectTarget.afterLogin(admin, next, exchange.request().getContextPath(), exchange.base()));
    }

    /** Ends the session; a signed-in browser must send the session's CSRF token from this site. */
    void logout(Exchange exchange) throws IOException {
        Optional<BrowserSession> session = sessions.session(exchange.view());
        if (session.isPresent()
                && (!BrowserSessions.sameSecret(session.get().csrf(), exchange.parameter("csrf"))
                        || !exchange.sameOrigin())) {
            exchange.formExpired();
            return;
        }
        sessions.logout(exchange.view());
        exchange.response()
                .addHeader(
                        "Set-Cookie",
                        Cookies.clear(Cookies.SESSION, exchange.request().isSecure()));
        exchange.redirect(exchange.base() + "/login");
    }

    /** The signed-in session's CSRF token, for scripts of this site; 401 without a session. */
    void session(Exchange exchange) throws IOException {
        Optional<BrowserSession> session = sessions.session(exchange.view());
        if (session.isEmpty()) {
            RefusalWriter.write(Problem.of(401, "not signed in"), exchange.response());
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("csrfHeader", BrowserSessions.CSRF_HEADER);
        body.put("csrfToken", session.get().csrf());
        body.put("admin", session.get().admin());
        body.put("expiresAt", session.get().expiresAt().toString());
        Responses.json(exchange.response(), 200, body);
    }
}
