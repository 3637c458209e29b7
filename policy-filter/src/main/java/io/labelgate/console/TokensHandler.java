package io.labelgate.console;

import io.labelgate.registry.Actor;
import io.labelgate.registry.BrowserSession;
import io.labelgate.registry.ExpiryRule;
import io.labelgate.registry.IssuedToken;
import io.labelgate.registry.TokenService;
import io.labelgate.registry.TokenValidationException;

import java.io.IOException;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The Tokens page's requests: GET shows it; POST runs one of its forms ({@code action} create,
 * regenerate or delete), each with the session's CSRF token and from this site.
 */
final class TokensHandler {

    private final TokenService tokens;
    private final ExpiryRule expiry;
    private final Clock clock;
    private final AdminOnly adminOnly;

    TokensHandler(TokenService tokens, ExpiryRule expiry, Clock clock, AdminOnly adminOnly) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.expiry = Objects.requireNonNull(expiry, "expiry");
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
            show(exchange, admin.get(), null, null, Map.of(), 200);
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
        exchange.page(
                status,
                TokensPage.render(new TokensPage.Model(
                        exchange.base(),
                        admin.csrf(),
                        tokens.list(),
                        issued,
                        error,
                        form,
                        TokenForm.expiryField(expiry, clock.instant()),
                        AdminOnly.signedInAs(admin))));
    }
}
