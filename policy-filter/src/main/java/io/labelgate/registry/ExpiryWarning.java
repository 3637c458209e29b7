package io.labelgate.registry;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * When a token counts as expiring soon: it has an expiry, still in the future but within the
 * warning window ({@code labelgate.tokens.expiry-warning}). The Tokens page, the admin API's
 * {@code expiringSoon} and the {@link TokensExpiringSoon} event all ask it.
 *
 * @param window how long before its expiry a token is expiring soon
 */
public record ExpiryWarning(Duration window) {

    public ExpiryWarning {
        Objects.requireNonNull(window, "window");
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive, not " + window);
        }
    }

    /** Whether {@code token} expires after {@code now} and no later than the window from it. */
    public boolean expiringSoon(TokenRecord token, Instant now) {
        return token.expiry()
                .filter(expiry -> expiry.isAfter(now) && !expiry.isAfter(now.plus(window)))
                .isPresent();
    }

    /** Whether {@code token} has expired at {@code now}. */
    public boolean expired(TokenRecord token, Instant now) {
        return token.expiry().filter(expiry -> !expiry.isAfter(now)).isPresent();
    }
}
