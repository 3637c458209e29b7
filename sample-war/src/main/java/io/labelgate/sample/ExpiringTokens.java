package io.labelgate.sample;

import io.labelgate.registry.TokensExpiringSoon;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Tells the log of tokens about to expire (labelgate fires {@link TokensExpiringSoon}, on every
 * node): where a real application would write to their owners.
 */
@ApplicationScoped
public class ExpiringTokens {

    private static final Logger LOG = Logger.getLogger(ExpiringTokens.class.getName());

    void onExpiring(@Observes TokensExpiringSoon soon) {
        LOG.info("AI App: tokens expiring within " + soon.window() + ": "
                + soon.tokens().stream()
                        .map(token -> token.name() + " (" + token.id() + ", " + token.expiresAt() + ")")
                        .collect(Collectors.joining(", ")));
    }
}
