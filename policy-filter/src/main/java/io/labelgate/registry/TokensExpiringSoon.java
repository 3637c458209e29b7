package io.labelgate.registry;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A CDI event fired when tokens enter the expiry warning window
 * ({@code labelgate.tokens.expiry-warning}): observe it to tell their owners, e.g.
 * {@code void onExpiring(@Observes TokensExpiringSoon soon)}. It carries the tokens' metadata,
 * never a token string.
 *
 * <p>Every node checks every few minutes (with the change feed's pruning) and fires it for the
 * tokens that entered the window since its last check: each token once per node, so an
 * application with three nodes hears of a token three times, and a node that restarts announces
 * again every token already in the window. A token that leaves the window (it expired, or was
 * deleted) is forgotten.
 *
 * @param tokens the tokens that entered the window, soonest expiry first; never empty
 * @param window the warning window
 */
public record TokensExpiringSoon(List<TokenRecord> tokens, Duration window) {

    public TokensExpiringSoon {
        tokens = List.copyOf(tokens);
        Objects.requireNonNull(window, "window");
        if (tokens.isEmpty()) {
            throw new IllegalArgumentException("tokens must not be empty");
        }
    }
}
