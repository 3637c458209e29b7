package io.labelgate.config;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Rules on the tokens labelgate creates ({@code labelgate.tokens.*}).
 *
 * @param maxLifetime   the longest a new token may live, from its creation; a token asked for
 *                      without expiry or beyond it is refused ({@code labelgate.tokens.max-lifetime},
 *                      default none; at least a day, at most 366)
 * @param expiryWarning how long before its expiry a token is marked as expiring soon in the lists
 *                      and announced by the {@code TokensExpiringSoon} event
 *                      ({@code labelgate.tokens.expiry-warning}, default {@code P14D}; at least
 *                      {@code PT1H}, at most 366 days), e.g. {@code P30D}
 */
public record TokensConfig(Optional<Duration> maxLifetime, Duration expiryWarning) {

    /** The default warning window. */
    public static final Duration DEFAULT_EXPIRY_WARNING = Duration.ofDays(14);

    public TokensConfig {
        Objects.requireNonNull(maxLifetime, "maxLifetime");
        Objects.requireNonNull(expiryWarning, "expiryWarning");
    }

    /** Reads its keys. */
    static TokensConfig read(ConfigReader config) {
        Optional<Duration> maxLifetime = config.optionalDuration("labelgate.tokens.max-lifetime");
        // the Tokens page's expiry is a day (its end, UTC): a maximum under a day would leave it no day to offer
        if (maxLifetime.filter(max -> max.compareTo(Duration.ofDays(1)) < 0).isPresent()) {
            throw new ConfigurationException("labelgate.tokens.max-lifetime", "must be at least P1D, e.g. P90D");
        }
        Duration expiryWarning = config.duration("labelgate.tokens.expiry-warning", DEFAULT_EXPIRY_WARNING);
        // the check runs every few minutes: a shorter window could open and close between two checks
        if (expiryWarning.compareTo(Duration.ofHours(1)) < 0) {
            throw new ConfigurationException("labelgate.tokens.expiry-warning", "must be at least PT1H, e.g. P14D");
        }
        return new TokensConfig(maxLifetime, expiryWarning);
    }
}
