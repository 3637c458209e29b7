package io.labelgate.config;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Rules on the tokens labelgate creates ({@code labelgate.tokens.*}).
 *
 * @param maxLifetime the longest a new token may live, from its creation; a token asked for
 *                    without expiry or beyond it is refused ({@code labelgate.tokens.max-lifetime},
 *                    default none; at least a day, at most 366)
 */
public record TokensConfig(Optional<Duration> maxLifetime) {

    public TokensConfig {
        Objects.requireNonNull(maxLifetime, "maxLifetime");
    }

    /** Reads its keys. */
    static TokensConfig read(ConfigReader config) {
        Optional<Duration> maxLifetime = config.optionalDuration("labelgate.tokens.max-lifetime");
        // the Tokens page's expiry is a day (its end, UTC): a maximum under a day would leave it no day to offer
        if (maxLifetime.filter(max -> max.compareTo(Duration.ofDays(1)) < 0).isPresent()) {
            throw new ConfigurationException("labelgate.tokens.max-lifetime", "must be at least P1D, e.g. P90D");
        }
        return new TokensConfig(maxLifetime);
    }
}
