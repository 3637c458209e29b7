package io.labelgate.decision;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.labelgate.decision.DecisionInput.AppInput;
import io.labelgate.selector.Selector;
import io.labelgate.token.TokenClaims;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Remembers decisions so a busy token does not pay an evaluation per request. Keyed on everything
 * the policy may read — token id and generation, role, region, scope, the app's id, region and
 * labels, and of the request what the engine's {@link RequestScope} names (the action; the method
 * and path too unless the policy is known to ignore them) — so a regenerated token (new
 * generation), a deleted one (refused before any decision), a label change (new key) or a
 * lifecycle change (checked outside the decision) is never hidden by it. Kept until evicted when
 * the engine's policy is fixed while it runs, for the revocation bound when it may change unseen
 * ({@link #forEngine}).
 */
public final class DecisionCache {

    /**
     * What a decision depends on; {@code method} and {@code path} are null when the policy reads
     * only the action.
     *
     * <p>Equal keys are equal in every part, yet the hash leaves out the token's role, region,
     * scope and selector: a token id and generation name one issued token, whose claims those are
     * (a string claiming otherwise is refused before the cache is asked), so they add nothing to
     * the spread and hashing the selector's requirements would be work on every request. Equality
     * still compares them, the selector by identity first (the verified-token cache hands out the
     * same claims object for the same string).
     */
    record Key(String tokenId, long generation, String role, String region, boolean allApps, Selector selector,
               AppKey app, String method, String path, String action) {

        @Override
        public int hashCode() {
            int hash = tokenId.hashCode();
            hash = 31 * hash + Long.hashCode(generation);
            hash = 31 * hash + app.hashCode();
            hash = 31 * hash + Objects.hashCode(method);
            hash = 31 * hash + Objects.hashCode(path);
            return 31 * hash + action.hashCode();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key that && generation == that.generation && allApps == that.allApps
                    && tokenId.equals(that.tokenId) && action.equals(that.action) && app.equals(that.app)
                    && Objects.equals(path, that.path) && Objects.equals(method, that.method)
                    && role.equals(that.role) && region.equals(that.region) && selector.equals(that.selector);
        }
    }

    /**
     * The app's part of the input, hashed once: an app's labels do not change while it runs, so
     * rehashing them on every request would be work for nothing. Equal apps are equal keys.
     */
    static final class AppKey {
        private final AppInput app;
        private final int hash;

        AppKey(AppInput app) {
            this.app = app;
            this.hash = app.hashCode();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof AppKey that && hash == that.hash && (app == that.app || app.equals(that.app));
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    private final Cache<Key, Decision> decisions;
    private final boolean enabled;
    private final RequestScope scope;
    private final Optional<Duration> lifetime;
    /** The app of the last key: a pipeline asks for one app input object, built once. */
    private volatile AppKey lastApp;

    /**
     * A cache for an engine whose policy is not known: keyed on the request's method, path and
     * action ({@link RequestScope#METHOD_PATH_AND_ACTION}).
     *
     * @param maximumSize bound on cached decisions; 0 disables the cache
     * @param maxAge      how long a decision is reused (at most the revocation bound)
     */
    public DecisionCache(long maximumSize, Duration maxAge) {
        this(maximumSize, maxAge, RequestScope.METHOD_PATH_AND_ACTION);
    }

    /**
     * @param maximumSize bound on cached decisions; 0 disables the cache
     * @param maxAge      how long a decision is reused (at most the revocation bound)
     * @param scope       what of the request the engine's policy reads: its {@link DecisionEngine#requestScope()}
     */
    public DecisionCache(long maximumSize, Duration maxAge, RequestScope scope) {
        this(maximumSize, Optional.of(Objects.requireNonNull(maxAge, "maxAge")), scope);
    }

    private DecisionCache(long maximumSize, Optional<Duration> maxAge, RequestScope scope) {
        this.scope = Objects.requireNonNull(scope, "scope");
        this.lifetime = maxAge;
        // size 0 means off: Caffeine would evict asynchronously, so bypass it altogether
        this.enabled = maximumSize > 0 && !maxAge.map(Duration::isZero).orElse(false);
        Caffeine<Object, Object> builder = Caffeine.newBuilder().maximumSize(Math.max(maximumSize, 0));
        maxAge.ifPresent(builder::expireAfterWrite);
        this.decisions = builder.build();
    }

    /**
     * The cache an engine's decisions need: for a policy fixed while the engine runs, no time
     * limit (every input the policy reads is in the key, and a token's revocation is checked
     * before the cache is asked); for a policy that may change unseen, the revocation bound.
     *
     * @param maximumSize bound on cached decisions; 0 disables the cache
     * @param bound       the revocation bound
     */
    public static DecisionCache forEngine(DecisionEngine engine, long maximumSize, Duration bound) {
        return new DecisionCache(maximumSize, engine.policyMayChangeUnseen() ? Optional.of(bound) : Optional.empty(),
                engine.requestScope());
    }

    /** How long a decision is remembered at most; empty: until it is evicted. */
    public Optional<Duration> lifetime() {
        return lifetime;
    }

    /** What of the request this cache keys on. */
    public RequestScope scope() {
        return scope;
    }

    /** The key of a decision for these claims and this input. */
    Key key(TokenClaims claims, DecisionInput input) {
        return key(claims, input.app(), input.request());
    }

    private Key key(TokenClaims claims, AppInput app, DecisionInput.RequestInput request) {
        boolean wholeRequest = scope == RequestScope.METHOD_PATH_AND_ACTION;
        return new Key(claims.id(), claims.generation(), claims.role().wireName(), claims.region(), claims.allApps(),
                claims.selector(), appKey(app), wholeRequest ? request.method() : null,
                wholeRequest ? request.path() : null, request.action());
    }

    private AppKey appKey(AppInput app) {
        AppKey last = lastApp;
        if (last != null && last.app == app) {
            return last;
        }
        AppKey fresh = new AppKey(app);
        lastApp = fresh;
        return fresh;
    }

    /** A remembered decision for these claims and this input. */
    public Optional<Decision> get(TokenClaims claims, DecisionInput input) {
        return get(claims, input.app(), input.request());
    }

    /** A remembered decision for these claims, this app and this request (the input's other parts). */
    public Optional<Decision> get(TokenClaims claims, AppInput app, DecisionInput.RequestInput request) {
        return enabled ? Optional.ofNullable(decisions.getIfPresent(key(claims, app, request))) : Optional.empty();
    }

    /** Remembers a decision. */
    public void put(TokenClaims claims, DecisionInput input, Decision decision) {
        put(claims, input.app(), input.request(), decision);
    }

    /** Remembers a decision for these claims, this app and this request. */
    public void put(TokenClaims claims, AppInput app, DecisionInput.RequestInput request, Decision decision) {
        if (enabled) {
            decisions.put(key(claims, app, request), decision);
        }
    }
}
