package io.labelgate.console;

import io.labelgate.registry.Actor;
import io.labelgate.registry.BrowserSession;
import io.labelgate.registry.ExpiryRule;
import io.labelgate.registry.ExpiryWarning;
import io.labelgate.registry.IssuedToken;
import io.labelgate.registry.TokenFilter;
import io.labelgate.registry.TokenService;
import io.labelgate.registry.TokenValidationException;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The Tokens page's requests: GET shows it, its list filtered by the query as the admin API reads it
 * ({@link TokenFilter}); POST runs one of its forms ({@code action} create, regenerate or delete),
 * each with the session's CSRF token and from this site.
 */
final class TokensHandler {

    /** The filter form's parameters. */
    private static final List<String> FILTERS =
            List.of(TokenFilter.ROLE, TokenFilter.REGION, TokenFilter.EXPIRING_BEFORE, TokenFilter.UNUSED_SINCE);

    private final TokenService tokens;
    private final ExpiryRule expiry;
    private final ExpiryWarning warning;
    private final Clock clock;
    private final AdminOnly adminOnly;

    TokensHandler(TokenService tokens, ExpiryRule expiry, ExpiryWarning warning, Clock clock, AdminOnly adminOnly) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.expiry = Objects.requireNonNull(expiry, "expiry");
        this.warning = Objects.requireNonNull(warning, "warning");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.adminOnly = Objects.requireNonNull(adminOnly, "adminOnly");
    }

    void handle(Exchange exchange) throws IOException {
        Optional<BrowserSession> admin = adminOnly.session(exchange);
        if (admin.isEmpty()) {
            return;
        }
        String method = exchange.request().getMethod();
        if (method.equals("GET")) {
            Map<String, String> filters = new LinkedHashMap<>();
            for (String name : FILTERS) {
                String value = exchange.parameter(name);
                if (value != null) {
                    filters.put(name, value);
                }
            }
            TokenFilter filter;
            try {
                filter = TokenFilter.parse(exchange::parameter);
            } catch (TokenValidationException e) {
                exchange.error(400, "Bad filter", e.field() + ": " + e.reason());
                return;
            }
            show(exchange, admin.get(), null, null, Map.of(), 200, filter, filters);
            return;
        }
        if (!method.equals("POST")) {
            exchange.error(405, "Not allowed", "Use the page's forms.");
            return;
        }
        if (!BrowserSessions.sameSecret(admin.get().csrf(), exchange.parameter("csrf")) || !exchange.sameOrigin()) {
            exchange.formExpired();
            return;
        }
        String id = exchange.parameter("id");
        Optional<TokensPage.FormAction> action = TokensPage.FormAction.fromWireName(exchange.parameter("action"));
        if (action.isEmpty()) {
            exchange.error(400, "Unknown action", "Use the page's forms.");
            return;
        }
        Actor actor = AdminOnly.actor(admin.get(), exchange);
        switch (action.get()) {
            case CREATE -> {
                try {
                    show(
                            exchange,
                            admin.get(),
                            tokens.create(TokenForm.newToken(exchange), actor),
                            null,
                            Map.of(),
                            201);
                } catch (TokenValidationException e) {
                    show(exchange, admin.get(), null, e.field() + ": " + e.reason(), TokenForm.values(exchange), 400);
                }
            }
            case REGENERATE -> {
                Optional<IssuedToken> issued = id == null ? Optional.empty() : tokens.regenerate(id, actor);
                if (issued.isEmpty()) {
                    exchange.error(404, "No such token", "That token no longer exists.");
                } else {
                    show(exchange, admin.get(), issued.get(), null, Map.of(), 200);
                }
            }
            case DELETE -> {
                if (id != null) {
                    tokens.delete(id, actor);
                }
                exchange.redirect(exchange.base() + "/tokens");
            }
        }
    }

    private void show(
            Exchange exchange,
            BrowserSession admin,
            IssuedToken issued,
            String error,
            Map<String, String> form,
            int status)
            throws IOException {
        show(exchange, admin, issued, error, form, status, TokenFilter.ANY, Map.of());
    }

    private void show(
            Exchange exchange,
            BrowserSession admin,
            IssuedToken issued,
            String error,
            Map<String, String> form,
            int status,
            TokenFilter filter,
            Map<String, String> filters)
            throws IOException {
        Instant now = clock.instant();
        exchange.page(
                status,
                TokensPage.render(new TokensPage.Model(
                        exchange.base(),
                        admin.csrf(),
                        tokens.list(),
                        issued,
                        error,
                        form,
                        TokenForm.expiryField(expiry, now),
                        new TokensPage.ListView(filter, filters, warning, now),
                        AdminOnly.signedInAs(admin))));
    }
}
