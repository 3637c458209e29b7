package io.labelgate.registry;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.labelgate.token.TokenClaims;
import io.labelgate.token.TokenRejectedException;
import io.labelgate.token.TokenVerifier;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Refuses signature-valid tokens that were regenerated, deleted or expired in the registry, or
 * whose role, region or scope is not what the registry issued under their id.
 *
 * <p>The registry state of each token id is cached with bounded staleness: an entry older than
 * half the bound is re-read on the next request that needs it (while the old state keeps
 * answering if the re-read fails), and an entry older than the bound is never used. So a
 * regenerate or delete on any node takes effect on every node within {@code maxStaleness}, and a
 * registry outage turns into {@link RegistryUnavailableException} (503) once the cached state is
 * older than the bound.
 */
public final class RevocationCheckingVerifier implements TokenVerifier {

    private static final Logger LOG = Logger.getLogger(RevocationCheckingVerifier.class.getName());
    private static final Duration LAST_USED_PRECISION = Duration.ofHours(1);

    private final TokenVerifier delegate;
    private final TokenRegistry registry;
    private final Clock clock;
    private final LoadingCache<String, Optional<TokenRecord>> states;
    private final com.github.benmanes.caffeine.cache.Cache<String, Instant> recentlyTouched;

    public RevocationCheckingVerifier(TokenVerifier delegate, TokenRegistry registry, Duration maxStaleness,
                                      long maximumSize, Clock clock) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.states = Caffeine.newBuilder()
                // ages are read from the verifier's clock, so the bound holds on the clock it is stated in
                .ticker(() -> nanos(clock.instant()))
                .maximumSize(maximumSize)
                .expireAfterWrite(maxStaleness)
                .refreshAfterWrite(maxStaleness.dividedBy(2))
                // refresh on the requesting thread: no thread pool inside the container, and a
                // failed refresh keeps serving the previous state until it expires
                .executor(Runnable::run)
                .build(registry::find);
        this.recentlyTouched = Caffeine.newBuilder().maximumSize(maximumSize)
                .expireAfterWrite(LAST_USED_PRECISION).build();
    }

    @Override
    public TokenClaims verify(String token) throws TokenRejectedException {
        TokenClaims claims = delegate.verify(token);
        TokenRecord record = current(claims.id(), claims.generation());
        if (!claims.role().equals(record.role()) || !claims.region().equals(record.region())
                || !claims.selector().equals(record.selector()) || claims.allApps() != record.allApps()) {
            // signed by a trusted key, yet not what the registry issued under this id: only a
            // holder of a signing key can make such a token
            LOG.warning(() -> "labelgate: refused a token with id " + claims.id() + " whose role, region or scope "
                    + "differs from the registry's record of that token; a trusted signing key may be compromised");
            throw new TokenRejectedException("token does not match its registration");
        }
        return claims;
    }

    /**
     * The registry's record of a token, if it is still current at this generation: the check a
     * browser session makes on every request (it holds the token id and generation, not the string).
     *
     * @throws TokenRejectedException when the token was deleted, regenerated or has expired
     */
    public TokenRecord current(String id, long generation) throws TokenRejectedException {
        Optional<TokenRecord> state = states.get(id);
        if (state.isPresent() && state.get().generation() < generation) {
            // a string newer than what this node knows: regenerated moments ago, read it now
            states.invalidate(id);
            state = states.get(id);
        }
        if (state.isEmpty()) {
            throw new TokenRejectedException("token revoked");
        }
        TokenRecord record = state.get();
        if (record.generation() != generation) {
            throw new TokenRejectedException("token revoked");
        }
        Instant now = clock.instant();
        if (record.expiry().map(expiry -> !now.isBefore(expiry)).orElse(false)) {
            throw new TokenRejectedException("token expired");
        }
        touchCoarsely(record, now);
        return record;
    }

    /** Records a use at most once an hour per token and node: "last used" is coarse by design. */
    private void touchCoarsely(TokenRecord record, Instant now) {
        if (record.lastUsedAt() != null && Duration.between(record.lastUsedAt(), now).compareTo(LAST_USED_PRECISION) < 0
                || recentlyTouched.getIfPresent(record.id()) != null) {
            return;
        }
        recentlyTouched.put(record.id(), now);
        try {
            registry.touch(record.id(), now.truncatedTo(java.time.temporal.ChronoUnit.MINUTES));
        } catch (RegistryUnavailableException e) {
            LOG.log(Level.FINE, "labelgate: cannot record the use of token " + record.id(), e);
        }
    }

    private static long nanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    /** Forgets the cached state of a token, after a change made on this node. */
    public void invalidate(String id) {
        states.invalidate(id);
    }
}
