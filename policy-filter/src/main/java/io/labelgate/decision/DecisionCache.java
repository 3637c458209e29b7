package io.labelgate.decision;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.labelgate.selector.Selector;
import io.labelgate.token.TokenClaims;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Remembers decisions so a busy token does not pay an evaluation per request. Keyed on everything
 * the policy reads — token id and generation, role, region, scope, the app's id, region and labels,
 * and the action — and kept no longer than the revocation bound: a regenerated token (new
 * generation), a deleted one (refused before any decision), a label change (new key) or a
 * lifecycle change (checked outside the decision) is never hidden by it.
 */
public final class DecisionCache {

    /** What a decision depends on. */
    record Key(String tokenId, long generation, String role, String region, boolean allApps, Selector selector,
               String appId, String appRegion, Map<String, String> labels, String action) {
    }

    private final Cache<Key, Decision> decisions;
    private final boolean enabled;

    /**
     * @param maximumSize bound on cached decisions; 0 disables the cache
     * @param maxAge      how long a decision is reused (at most the revocation bound)
     */
    public DecisionCache(long maximumSize, Duration maxAge) {
        Objects.requireNonNull(maxAge, "maxAge");
        // size 0 means off: Caffeine would evict asynchronously, so bypass it altogether
        this.enabled = maximumSize > 0 && !maxAge.isZero();
        this.decisions = Caffeine.newBuilder().maximumSize(Math.max(maximumSize, 0)).expireAfterWrite(maxAge).build();
    }

    /** The key of a decision for these claims and this input. */
    static Key key(TokenClaims claims, DecisionInput input) {
        return new Key(claims.id(), claims.generation(), claims.role().wireName(), claims.region(), claims.allApps(),
                claims.selector(), input.app().id(), input.app().region(), input.app().labels(),
                input.request().action());
    }

    /** A remembered decision for these claims and this input. */
    public Optional<Decision> get(TokenClaims claims, DecisionInput input) {
        return enabled ? Optional.ofNullable(decisions.getIfPresent(key(claims, input))) : Optional.empty();
    }

    /** Remembers a decision. */
    public void put(TokenClaims claims, DecisionInput input, Decision decision) {
        if (enabled) {
            decisions.put(key(claims, input), decision);
        }
    }
}
