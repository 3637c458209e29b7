package io.labelgate.console;

import io.labelgate.app.AccessReview;
import io.labelgate.decision.DecisionEngine;
import io.labelgate.registry.AppRegistry;
import io.labelgate.registry.AuditTrail;
import io.labelgate.registry.ExpiryRule;
import io.labelgate.registry.ExpiryWarning;
import io.labelgate.registry.RegistryUnavailableException;
import io.labelgate.registry.TokenService;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * labelgate's browser pages under {@code labelgate.console.path} (default {@code /labelgate}):
 * "Login with token" ({@code /login}, {@code /logout}), the Tokens page ({@code /tokens}), the
 * Apps page ({@code /apps}, {@code /apps/<id>}), the Audit page ({@code /audit}), the selector preview ({@code /preview}) and the
 * pages' own assets ({@code /assets/...}), and {@code /session}: the signed-in browser's CSRF
 * token as JSON, for the application's own scripts ({@link LoginHandler}).
 * Every form carries a CSRF token; every page is sent with a strict Content-Security-Policy and
 * {@code no-store}. The Tokens and Apps pages need a session opened with the admin credential.
 *
 * <p>This class only routes: each path goes to its handler, which reads the request and renders
 * its page's class ({@link LoginPage}, {@link TokensPage}, {@link AppsPage}, {@link AppPage},
 * {@link ErrorPage}), each written with {@link Template}, which escapes every value.
 */
public final class ConsoleServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(ConsoleServlet.class.getName());
    /** Matches any method in a route's key. */
    private static final String ANY = "*";

    /** What a path does, given the request. */
    @FunctionalInterface
    private interface Route {
        void handle(Exchange exchange, String rest) throws IOException;
    }

    /** {@code "METHOD /path"} (or {@code "* /path"}) to its route; tried before {@link #prefixes}. */
    private final transient Map<String, Route> exact;
    /** {@code "METHOD /prefix/"} to its route, which gets the rest of the path. */
    private final transient Map<String, Route> prefixes;

    /**
     * The pages, with the rule on a new token's expiry that the Tokens page's form shows, when its
     * list marks a token as expiring soon, and who can reach this app, which its own page shows.
     */
    public ConsoleServlet(
            BrowserSessions sessions,
            TokenService tokens,
            ExpiryRule expiry,
            ExpiryWarning warning,
            AppRegistry apps,
            DecisionEngine engine,
            String appName,
            Optional<AccessReview> access,
            AuditTrail audit,
            Duration auditRetention,
            boolean containerLogin) {
        AdminOnly adminOnly = new AdminOnly(Objects.requireNonNull(sessions, "sessions"));
        LoginHandler login = new LoginHandler(sessions, appName, audit, containerLogin);
        ContainerLogin adminLogin = new ContainerLogin(adminOnly);
        AuditHandler auditPage = new AuditHandler(audit, adminOnly, auditRetention);
        TokensHandler tokensPage = new TokensHandler(tokens, expiry, warning, Clock.systemUTC(), adminOnly);
        PreviewHandler preview = new PreviewHandler(apps, engine, adminOnly);
        AppsHandler appsPages = new AppsHandler(apps, adminOnly, appName, access);
        this.exact = Map.of(
                "POST /login",
                (exchange, rest) -> login.submit(exchange),
                ANY + " /login",
                (exchange, rest) -> login.page(exchange),
                "POST /logout",
                (exchange, rest) -> login.logout(exchange),
                "GET /session",
                (exchange, rest) -> login.session(exchange),
                ANY + " /tokens",
                (exchange, rest) -> tokensPage.handle(exchange),
                "GET /preview",
                (exchange, rest) -> preview.handle(exchange),
                "GET /apps",
                (exchange, rest) -> appsPages.list(exchange),
                "GET /audit",
                (exchange, rest) -> auditPage.handle(exchange),
                "GET /admin-login",
                (exchange, rest) -> {
                    if (containerLogin) {
                        adminLogin.handle(exchange);
                    } else {
                        exchange.error(404, "Not found", "There is no such page.");
                    }
                });
        this.prefixes = Map.of(
                "GET /apps/", appsPages::one,
                "GET /assets/", Assets::serve);
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo() == null ? "/" : request.getPathInfo();
        String method = request.getMethod();
        Exchange exchange = new Exchange(request, response);
        try {
            route(exchange, method, path);
        } catch (RegistryUnavailableException e) {
            LOG.warning("labelgate: console cannot reach the registry: " + e.getMessage());
            exchange.error(503, "Unavailable", "The token registry is unavailable. Try again in a moment.");
        } catch (RuntimeException e) {
            // never the container's error page with a stack trace: the trace goes to the log only
            LOG.log(Level.SEVERE, "labelgate: console failed on " + method + " " + path, e);
            exchange.error(500, "Something went wrong", "The page failed. The server log has the details.");
        }
    }

    private void route(Exchange exchange, String method, String path) throws IOException {
        Route route = exact.getOrDefault(method + " " + path, exact.get(ANY + " " + path));
        if (route != null) {
            route.handle(exchange, "");
            return;
        }
        String request = method + " " + path;
        for (Map.Entry<String, Route> prefix : prefixes.entrySet()) {
            if (request.startsWith(prefix.getKey())) {
                prefix.getValue()
                        .handle(exchange, request.substring(prefix.getKey().length()));
                return;
            }
        }
        exchange.error(404, "Not found", "There is no such page.");
    }

    /** A redirect target is honoured only as a same-origin absolute path ({@link RedirectTarget}). */
    static Optional<String> safeNext(String next) {
        return RedirectTarget.safe(next);
    }

    /** The New token form's expiry date ({@link TokenForm#expiry}). */
    static Instant expiry(String date) {
        return TokenForm.expiry(date);
    }
}
