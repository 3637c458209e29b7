package io.labelgate.config;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Rules on the tokens labelgate creates ({@code labelgate.tokens.*}).
 *
 * @param maxLifetime the longest a new token may live, from its creation; a token asked for
 *                    without expiry or beyond it is refused ({@code labelgate.tokens.max-lifetime},
 *                    default none)
 */
public record TokensConfig(Optional<Duration> maxLifetime) {

    public TokensConfig {
        Objects.requireNonNull(maxLifetime, "maxLifetime");
    }

    /** Reads its keys. */
    static TokensConfig read(ConfigReader config) {
        Optional<Duration> maxLifetime = config.optionalDuration("labelgate.tokens.max-lifetime");
        if (maxLifetime.filter(Duration::isZero).isPresent()) {
            throw new ConfigurationException("labelgate.tokens.max-lifetime", "must be positive, e.g. P90D");
        }
        return new TokensConfig(maxLifetime);
    }
}
