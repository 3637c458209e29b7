package io.labelgate.registry;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What expiry a new token must have: none required, an expiry required
 * ({@code labelgate.jwt.require-expiry}, which the verifier also enforces: a token created without
 * one would be refused at once), or an expiry within a maximum lifetime
 * ({@code labelgate.tokens.max-lifetime}). Every way of creating a token — the admin API, the CLI,
 * the Tokens page, {@link TokenService} — goes through it.
 *
 * @param required    whether a token without expiry is refused
 * @param maxLifetime the longest a new token may live, from its creation
 */
public record ExpiryRule(boolean required, Optional<Duration> maxLifetime) {

    /** Any expiry, or none. */
    public static final ExpiryRule NONE = new ExpiryRule(false, Optional.empty());

    public ExpiryRule {
        Objects.requireNonNull(maxLifetime, "maxLifetime");
        maxLifetime.ifPresent(max -> {
            if (max.isNegative() || max.isZero()) {
                throw new IllegalArgumentException("maxLifetime must be positive, not " + max);
            }
        });
    }

    /** The latest expiry a token created at {@code now} may have. */
    public Instant latest(Instant now) {
        return maxLifetime
                .map(now::plus)
                .filter(latest -> latest.isBefore(TokenService.LATEST_EXPIRY))
                .orElse(TokenService.LATEST_EXPIRY);
    }

    /** The maximum lifetime as it is configured: {@code P90D} rather than Java's {@code PT2160H}. */
    public String maximum() {
        return maxLifetime
                .map(max -> max.toSecondsPart() == 0 && max.toMinutesPart() == 0 && max.toHoursPart() == 0
                        ? "P" + max.toDays() + "D"
                        : max.toString())
                .orElse("");
    }

    /** Whether a token must have an expiry. */
    public boolean requiresExpiry() {
        return required || maxLifetime.isPresent();
    }

    /**
     * Checks a requested expiry (already truncated to the second) for a token created at
     * {@code now}; a refusal names {@code expiresAt} and says which setting it comes from.
     */
    void check(Instant expiresAt, Instant now) {
        if (expiresAt == null) {
            if (maxLifetime.isPresent()) {
                throw new TokenValidationException(
                        "expiresAt",
                        "required: tokens here live at most " + maximum()
                                + " (labelgate.tokens.max-lifetime), so no later than " + latest(now));
            }
            if (required) {
                throw new TokenValidationException(
                        "expiresAt", "required: tokens without expiry are refused here (labelgate.jwt.require-expiry)");
            }
            return;
        }
        if (!expiresAt.isAfter(now)) {
            throw new TokenValidationException("expiresAt", "must be in the future");
        }
        Instant latest = latest(now);
        if (expiresAt.isAfter(latest)) {
            throw new TokenValidationException(
                    "expiresAt",
                    "must be no later than " + latest
                            + (maxLifetime.isPresent() ? " (labelgate.tokens.max-lifetime " + maximum() + ")" : ""));
        }
    }
}
