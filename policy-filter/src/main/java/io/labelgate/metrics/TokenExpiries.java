package io.labelgate.metrics;

import io.labelgate.registry.ExpiryWarning;
import io.labelgate.registry.RegistryUnavailableException;
import io.labelgate.registry.TokenRecord;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The registry's tokens counted by how soon they expire, read at scrape time and remembered for
 * {@link #REMEMBERED}, so a burst of scrapes reads the registry once. While the registry cannot be
 * read, the last counts are kept; before any read succeeds there are none.
 */
final class TokenExpiries {

    /** How long one count is reused. */
    static final Duration REMEMBERED = Duration.ofSeconds(30);

    private static final Logger LOG = Logger.getLogger(TokenExpiries.class.getName());

    /** Each token is counted once, in the first of these it fits (the label {@code expires_within}). */
    enum Within {
        EXPIRED("expired", Duration.ZERO),
        ONE_DAY("1d", Duration.ofDays(1)),
        SEVEN_DAYS("7d", Duration.ofDays(7)),
        THIRTY_DAYS("30d", Duration.ofDays(30)),
        NINETY_DAYS("90d", Duration.ofDays(90)),
        LATER("later", null),
        NEVER("never", null);

        private final String wireName;
        private final Duration bound;

        Within(String wireName, Duration bound) {
            this.wireName = wireName;
            this.bound = bound;
        }

        String wireName() {
            return wireName;
        }

        static Within of(Instant expiresAt, Instant now) {
            if (expiresAt == null) {
                return NEVER;
            }
            for (Within within : values()) {
                if (within.bound != null && !expiresAt.isAfter(now.plus(within.bound))) {
                    return within;
                }
            }
            return LATER;
        }
    }

    private final Supplier<List<TokenRecord>> tokens;
    private final Clock clock;
    private final ExpiryWarning warning;
    private Map<Within, Long> counts = Map.of();
    private OptionalLong expiringSoon = OptionalLong.empty();
    private Instant readAt;

    /**
     * @param tokens  lists the registry's tokens ({@code TokenService::list})
     * @param clock   the time source
     * @param warning the warning window ({@code labelgate.tokens.expiry-warning})
     */
    TokenExpiries(Supplier<List<TokenRecord>> tokens, Clock clock, ExpiryWarning warning) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.warning = Objects.requireNonNull(warning, "warning");
    }

    /** How many tokens expire within the warning window, as of the last count; empty before one succeeded. */
    synchronized OptionalLong expiringSoon() {
        counts();
        return expiringSoon;
    }

    /** The counts now, by bucket; every bucket present once a read succeeded, empty before. */
    synchronized Map<Within, Long> counts() {
        Instant now = clock.instant();
        if (readAt == null || !now.isBefore(readAt.plus(REMEMBERED))) {
            try {
                Map<Within, Long> fresh = new EnumMap<>(Within.class);
                for (Within within : Within.values()) {
                    fresh.put(within, 0L);
                }
                long soon = 0;
                for (TokenRecord token : tokens.get()) {
                    fresh.merge(Within.of(token.expiresAt(), now), 1L, Long::sum);
                    if (warning.expiringSoon(token, now)) {
                        soon++;
                    }
                }
                counts = Collections.unmodifiableMap(fresh);
                expiringSoon = OptionalLong.of(soon);
                readAt = now;
            } catch (RegistryUnavailableException e) {
                LOG.fine(() ->
                        "labelgate: metrics cannot count tokens now, the registry is unavailable: " + e.getMessage());
            }
        }
        return counts;
    }
}
