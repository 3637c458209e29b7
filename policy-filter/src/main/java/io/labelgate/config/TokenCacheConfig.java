package io.labelgate.config;

import java.time.Duration;
import java.util.Objects;

/**
 * The verified-token cache ({@code labelgate.token-cache.*}).
 *
 * @param maxSize verified tokens remembered ({@code labelgate.token-cache.max-size}, default 10000)
 * @param maxAge  longest a verification is reused ({@code labelgate.token-cache.max-age}, default {@code PT5M})
 */
public record TokenCacheConfig(int maxSize, Duration maxAge) {

    public TokenCacheConfig {
        Objects.requireNonNull(maxAge, "maxAge");
    }

    /** Reads its keys. */
    static TokenCacheConfig read(ConfigReader config) {
        return new TokenCacheConfig(
                config.positiveInt("labelgate.token-cache.max-size", 10_000),
                config.duration("labelgate.token-cache.max-age", Duration.ofMinutes(5)));
    }
}
