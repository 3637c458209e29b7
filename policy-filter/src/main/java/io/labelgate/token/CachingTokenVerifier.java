package io.labelgate.token;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Remembers tokens that verified, so the steady state pays a SHA-256 of the token string
 * (well under a microsecond) instead of a signature check per request.
 *
 * <p>Keyed by the digest, never by the token string, so the cache holds no secret. An entry lives
 * until the earlier of the token's expiry and {@code maxAge}; revocation is checked after this
 * cache, on every request. Refusals are not cached: a flood of bad tokens cannot evict good ones.
 *
 * <p>A verification is remembered with the {@link KeyRetirements#epoch() epoch} of retired keys it
 * was made in: once a signing key is retired (seen within the revocation bound), every remembered
 * verification is made again, so a retired key's tokens stop working instead of living on here.
 */
public final class CachingTokenVerifier implements TokenVerifier {

    private final TokenVerifier delegate;
    private final Cache<String, Verified> verified;
    private final Clock clock;
    private final KeyRetirements retirements;

    /** A verification and the retirement epoch it was made in. */
    private record Verified(TokenClaims claims, long epoch) {
    }

    /** A cache for tokens whose keys are never retired (configured keys). */
    public CachingTokenVerifier(TokenVerifier delegate, long maximumSize, Duration maxAge, Clock clock) {
        this(delegate, maximumSize, maxAge, clock, KeyRetirements.none());
    }

    /**
     * @param retirements the signing keys' retirements: a retirement forgets every remembered verification
     */
    public CachingTokenVerifier(TokenVerifier delegate, long maximumSize, Duration maxAge, Clock clock,
                                KeyRetirements retirements) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.retirements = Objects.requireNonNull(retirements, "retirements");
        Objects.requireNonNull(maxAge, "maxAge");
        this.verified = Caffeine.newBuilder()
                .maximumSize(maximumSize)
                .expireAfter(new UntilExpiry(maxAge, clock))
                .build();
    }

    @Override
    public TokenClaims verify(String token) throws TokenRejectedException {
        Objects.requireNonNull(token, "token");
        if (token.length() > JwtSettings.MAX_TOKEN_LENGTH) {
            throw new TokenRejectedException("token too long");
        }
        String key = digest(token);
        // read before verifying: a retirement seen while this verification runs leaves it stale
        long epoch = retirements.epoch();
        Verified cached = verified.getIfPresent(key);
        if (cached != null && cached.epoch() == epoch
                && cached.claims().expiry().map(expiry -> clock.instant().isBefore(expiry)).orElse(true)) {
            return cached.claims();
        }
        TokenClaims claims = delegate.verify(token);
        verified.put(key, new Verified(claims, epoch));
        return claims;
    }

    /** Number of cached verifications (for tests and metrics). */
    public long size() {
        verified.cleanUp();
        return verified.estimatedSize();
    }

    private static String digest(String token) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    private record UntilExpiry(Duration maxAge, Clock clock) implements Expiry<String, Verified> {
        @Override
        public long expireAfterCreate(String key, Verified verified, long currentTime) {
            return verified.claims().expiry().map(this::nanosUntil).orElseGet(maxAge::toNanos);
        }

        /**
         * Until the expiry, at most {@code maxAge}. Compared as durations: a count of nanoseconds
         * ends 292 years ahead, and a token's expiry may lie further.
         */
        private long nanosUntil(Instant expiry) {
            Duration left = Duration.between(clock.instant(), expiry);
            if (left.isNegative()) {
                return 0;
            }
            return left.compareTo(maxAge) < 0 ? left.toNanos() : maxAge.toNanos();
        }

        @Override
        public long expireAfterUpdate(String key, Verified verified, long currentTime, long currentDuration) {
            return expireAfterCreate(key, verified, currentTime);
        }

        @Override
        public long expireAfterRead(String key, Verified verified, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }
}
