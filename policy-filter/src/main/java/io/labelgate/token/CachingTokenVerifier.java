package io.labelgate.token;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
    private final Cache<Digest, Verified> verified;
    private final Clock clock;
    private final KeyRetirements retirements;

    /** A verification and the retirement epoch it was made in. */
    private record Verified(TokenClaims claims, long epoch) {}

    /** A cache for tokens whose keys are never retired (configured keys). */
    public CachingTokenVerifier(TokenVerifier delegate, long maximumSize, Duration maxAge, Clock clock) {
        this(delegate, maximumSize, maxAge, clock, KeyRetirements.none());
    }

    /**
     * @param retirements the signing keys' retirements: a retirement forgets every remembered verification
     */
    public CachingTokenVerifier(
            TokenVerifier delegate, long maximumSize, Duration maxAge, Clock clock, KeyRetirements retirements) {
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
        Digest key = digest(token);
        // read before verifying: a retirement seen while this verification runs leaves it stale
        long epoch = retirements.epoch();
        Verified cached = verified.getIfPresent(key);
        if (cached != null
                && cached.epoch() == epoch
                && cached.claims()
                        .expiry()
                        .map(expiry -> clock.instant().isBefore(expiry))
                        .orElse(true)) {
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

    /**
     * One SHA-256 per thread: {@code MessageDigest.getInstance} looks the provider up on every call,
     * which a profile of the request path found beside the digest itself.
     */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    });

    /** The SHA-256 of a token string, held as four longs: no hex string per request. */
    record Digest(long a, long b, long c, long d) {}

    static Digest digest(String token) {
        byte[] hash = SHA_256.get().digest(token.getBytes(StandardCharsets.UTF_8));
        ByteBuffer words = ByteBuffer.wrap(hash);
        return new Digest(words.getLong(), words.getLong(), words.getLong(), words.getLong());
    }

    private record UntilExpiry(Duration maxAge, Clock clock) implements Expiry<Digest, Verified> {
        @Override
        public long expireAfterCreate(Digest key, Verified verified, long currentTime) {
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
        public long expireAfterUpdate(Digest key, Verified verified, long currentTime, long currentDuration) {
            return expireAfterCreate(key, verified, currentTime);
        }

        @Override
        public long expireAfterRead(Digest key, Verified verified, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }
}
