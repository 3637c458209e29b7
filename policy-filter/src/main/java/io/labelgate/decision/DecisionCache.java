package io.labelgate.decision;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.labelgate.decision.DecisionInput.AppInput;
import io.labelgate.selector.Selector;
import io.labelgate.token.TokenClaims;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Remembers decisions so a busy token does not pay an evaluation per request. Keyed on everything
 * the policy may read — token id and generation, role, region, scope, the app's id, region and
 * labels, and of the request what the engine's {@link RequestScope} names (the action; the method
 * and path too unless the policy is known to ignore them) — so a regenerated token (new
 * generation), a deleted one (refused before any decision), a label change (new key) or a
 * lifecycle change (checked outside the decision) is never hidden by it. Kept until evicted when
 * the engine's policy is fixed while it runs, for the revocation bound when it may change unseen,
 * and not at all when the policy reads the clock ({@link #forEngine}, {@link PolicyView.Caching}).
 *
 * <p>Every key carries the revision of the policy it was decided under, read before the engine was
 * asked: after a reload, a decision the old policy made (even one stored after the reload) is
 * never an answer, and {@link #clear()} drops them all at once.
 */
public final class DecisionCache {

    /**
     * What a decision depends on, opaque outside this class; {@code method} and {@code path} are null when the policy does not
     * read them. {@code lifetimeNanos} is how long the entry may live (a function of the revision,
     * so not part of equality).
     *
     * <p>Equal keys are equal in every part, yet the hash leaves out the token's role, region,
     * scope and selector: a token id and generation name one issued token, whose claims those are
     * (a string claiming otherwise is refused before the cache is asked), so they add nothing to
     * the spread and hashing the selector's requirements would be work on every request. Equality
     * still compares them, the selector by identity first (the verified-token cache hands out the
     * same claims object for the same string).
     */
    public record Key(
            long revision,
            long lifetimeNanos,
            String tokenId,
            long generation,
            String role,
            String region,
            boolean allApps,
            Selector selector,
            AppKey app,
            String method,
            String path,
            String action) {

        @Override
        public int hashCode() {
            int hash = Long.hashCode(revision);
            hash = 31 * hash + tokenId.hashCode();
            hash = 31 * hash + Long.hashCode(generation);
            hash = 31 * hash + app.hashCode();
            hash = 31 * hash + Objects.hashCode(method);
            hash = 31 * hash + Objects.hashCode(path);
            return 31 * hash + action.hashCode();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key that
                    && revision == that.revision
                    && generation == that.generation
                    && allApps == that.allApps
                    && tokenId.equals(that.tokenId)
                    && action.equals(that.action)
                    && app.equals(that.app)
                    && Objects.equals(path, that.path)
                    && Objects.equals(method, that.method)
                    && role.equals(that.role)
                    && region.equals(that.region)
                    && selector.equals(that.selector);
        }
    }

    /**
     * The app's part of the input, hashed once: an app's labels do not change while it runs, so
     * rehashing them on every request would be work for nothing. Equal apps are equal keys.
     */
    public static final class AppKey {
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

    /** The fixed view of a cache built for a policy it is told about, not an engine's. */
    private static final long NOT_AN_ENGINE = 0;

    private final Cache<Key, Decision> decisions;
    private final boolean enabled;
    private final Supplier<PolicyView> policy;
    private final Duration bound;
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
     * A cache for one fixed policy, whose decisions are reused for {@code maxAge}.
     *
     * @param maximumSize bound on cached decisions; 0 disables the cache
     * @param maxAge      how long a decision is reused (at most the revocation bound)
     * @param scope       what of the request the engine's policy reads: its {@link DecisionEngine#policyView()}
     */
    public DecisionCache(long maximumSize, Duration maxAge, RequestScope scope) {
        this(
                maximumSize,
                Objects.requireNonNull(maxAge, "maxAge"),
                fixed(new PolicyView(NOT_AN_ENGINE, scope, PolicyView.Caching.FOR_REVOCATION_BOUND)));
    }

    private DecisionCache(long maximumSize, Duration bound, Supplier<PolicyView> policy) {
        this.policy = policy;
        this.bound = bound;
        // size 0 means off: Caffeine would evict asynchronously, so bypass it altogether
        this.enabled = maximumSize > 0 && !bound.isZero();
        this.decisions = Caffeine.newBuilder()
                .maximumSize(Math.max(maximumSize, 0))
                .expireAfter(Expiry.<Key, Decision>creating((key, decision) -> Duration.ofNanos(key.lifetimeNanos())))
                .build();
    }

    private static Supplier<PolicyView> fixed(PolicyView view) {
        return () -> view;
    }

    /**
     * The cache an engine's decisions need, following the policy it runs ({@link DecisionEngine#policyView()}):
     * keyed on what of the request that policy reads; for a policy fixed while the engine runs,
     * no time limit (every input the policy reads is in the key, and a token's revocation is
     * checked before the cache is asked); for a policy that may change unseen, the revocation
     * bound; for one that reads the clock, nothing is remembered.
     *
     * @param maximumSize bound on cached decisions; 0 disables the cache
     * @param bound       the revocation bound
     */
    public static DecisionCache forEngine(DecisionEngine engine, long maximumSize, Duration bound) {
        Objects.requireNonNull(engine, "engine");
        return new DecisionCache(maximumSize, Objects.requireNonNull(bound, "bound"), engine::policyView);
    }

    /** How long a decision of the policy running now is remembered at most; empty: until it is evicted. */
    public Optional<Duration> lifetime() {
        return switch (policy.get().caching()) {
            case UNTIL_EVICTED -> Optional.empty();
            case FOR_REVOCATION_BOUND -> Optional.of(bound);
            case NEVER -> Optional.of(Duration.ZERO);
        };
    }

    /** What of the request this cache keys on, for the policy running now. */
    public RequestScope scope() {
        return policy.get().scope();
    }

    /** Forgets every decision: the policy was replaced. */
    public void clear() {
        decisions.invalidateAll();
    }

    /** The key of a decision for these claims and this input. */
    Key key(TokenClaims claims, DecisionInput input) {
        return key(claims, input.app(), input.request());
    }

    /**
     * The key of a decision for these claims, this app and this request under the policy running
     * now; null when such a decision must not be remembered (the cache is off, or the policy reads
     * the clock). Read it before asking the engine, and store the answer under it.
     */
    public Key key(TokenClaims claims, AppInput app, DecisionInput.RequestInput request) {
        if (!enabled) {
            return null;
        }
        PolicyView view = policy.get();
        long lifetime = switch (view.caching()) {
            case UNTIL_EVICTED -> Long.MAX_VALUE;
            case FOR_REVOCATION_BOUND -> bound.toNanos();
            case NEVER -> 0;
        };
        if (lifetime == 0) {
            return null;
        }
        RequestScope scope = view.scope();
        return new Key(
                view.revision(),
                lifetime,
                claims.id(),
                claims.generation(),
                claims.role().wireName(),
                claims.region(),
                claims.allApps(),
                claims.selector(),
                appKey(app),
                scope.method() ? request.method() : null,
                scope.path() ? request.path() : null,
                request.action());
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

    /** The decision remembered under this key ({@link #key}); empty for a null key. */
    public Optional<Decision> get(Key key) {
        return key == null ? Optional.empty() : Optional.ofNullable(decisions.getIfPresent(key));
    }

    /**
     * Remembers a decision under the key read before the engine was asked; nothing for a null key,
     * nor when the policy was replaced since the key was read: the decision may then be the new
     * policy's, made on what the new policy reads, and stored under a key shaped for the old one
     * (keyed on the action alone, say) it would answer requests the new policy never decided.
     */
    public void put(Key key, Decision decision) {
        if (key != null && key.revision() == policy.get().revision()) {
            decisions.put(key, decision);
        }
    }

    /** A remembered decision for these claims and this input. */
    public Optional<Decision> get(TokenClaims claims, DecisionInput input) {
        return get(claims, input.app(), input.request());
    }

    /** A remembered decision for these claims, this app and this request (the input's other parts). */
    public Optional<Decision> get(TokenClaims claims, AppInput app, DecisionInput.RequestInput request) {
        return get(key(claims, app, request));
    }

    /** Remembers a decision. */
    public void put(TokenClaims claims, DecisionInput input, Decision decision) {
        put(claims, input.app(), input.request(), decision);
    }

    /** Remembers a decision for these claims, this app and this request. */
    public void put(TokenClaims claims, AppInput app, DecisionInput.RequestInput request, Decision decision) {
        put(key(claims, app, request), decision);
    }
}
