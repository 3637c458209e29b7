package io.labelgate.registry;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.labelgate.token.TokenClaims;
import io.labelgate.token.TokenRejectedException;
import io.labelgate.token.TokenVerifier;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Refuses signature-valid tokens that were regenerated, deleted or expired in the registry, or
 * whose role, region or scope is not what the registry issued under their id.
 *
 * <p>The registry state of a token id is read once, when this node first sees the id, and then
 * kept current by the registry's change feed ({@link ChangeFollower}): a change on any node
 * reaches this one within the revocation bound, and every request first asks the node's
 * {@link Freshness}, so past the bound without a read of the feed the answer is
 * {@link RegistryUnavailableException} (503), never a stale state. In steady state no request
 * reads the registry. The node that changes a token forgets its state at once; a string newer
 * than the state this node has makes it read the registry before deciding.
 */
public final class RevocationCheckingVerifier implements TokenVerifier {

    private static final Logger LOG = Logger.getLogger(RevocationCheckingVerifier.class.getName());
    private static final Duration LAST_USED_PRECISION = Duration.ofHours(1);

    private final TokenVerifier delegate;
    private final TokenRegistry registry;
    private final Freshness freshness;
    private final Clock clock;
    private final LoadingCache<String, Optional<TokenRecord>> states;
    private final Cache<String, Instant> recentlyTouched;

    /**
     * @param freshness   asked on every request: the node's view is within the revocation bound
     * @param maximumSize token states kept; a state evicted is read again when its id comes back
     */
    public RevocationCheckingVerifier(
            TokenVerifier delegate, TokenRegistry registry, Freshness freshness, long maximumSize, Clock clock) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.freshness = Objects.requireNonNull(freshness, "freshness");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.states = Caffeine.newBuilder().maximumSize(maximumSize).build(registry::find);
        this.recentlyTouched = Caffeine.newBuilder()
                .maximumSize(maximumSize)
                .expireAfterWrite(LAST_USED_PRECISION)
                .build();
    }

    @Override
    public TokenClaims verify(String token) throws TokenRejectedException {
        TokenClaims claims = delegate.verify(token);
        TokenRecord record = current(claims.id(), claims.generation());
        if (!claims.role().equals(record.role())
                || !claims.region().equals(record.region())
                || !claims.selector().equals(record.selector())
                || claims.allApps() != record.allApps()) {
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
     * @throws TokenRejectedException       when the token was deleted, regenerated or has expired
     * @throws RegistryUnavailableException when this node's view may be older than the revocation bound
     */
    public TokenRecord current(String id, long generation) throws TokenRejectedException {
        freshness.requireFresh();
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
        if (record.lastUsedAt() != null
                        && Duration.between(record.lastUsedAt(), now).compareTo(LAST_USED_PRECISION) < 0
                || recentlyTouched.getIfPresent(record.id()) != null) {
            return;
        }
        recentlyTouched.put(record.id(), now);
        try {
            // to the minute, yet never before the creation: a use in the token's first minute is not earlier than it
            Instant minute = now.truncatedTo(ChronoUnit.MINUTES);
            registry.touch(record.id(), minute.isBefore(record.createdAt()) ? record.createdAt() : minute);
        } catch (RegistryUnavailableException e) {
            LOG.log(Level.FINE, "labelgate: cannot record the use of token " + record.id(), e);
        }
    }

    /**
     * Forgets the state of a token: after a change made on this node, or one the change feed
     * announced. A request in flight that was reading the old state finishes first, and its
     * state is dropped too (the cache's removal waits for the load of the same id).
     */
    public void invalidate(String id) {
        states.invalidate(id);
    }

    /** Forgets every token state (the change feed had a gap). */
    public void invalidateAll() {
        states.invalidateAll();
    }
}
