package io.labelgate.http;

import io.labelgate.app.AppIdentity;
import io.labelgate.decision.Action;
import io.labelgate.decision.Decision;
import io.labelgate.decision.DecisionCache;
import io.labelgate.decision.DecisionEngine;
import io.labelgate.decision.DecisionException;
import io.labelgate.decision.DecisionInput;
import io.labelgate.decision.DecisionLog;
import io.labelgate.decision.ShadowDecisions;
import io.labelgate.registry.RegistryUnavailableException;
import io.labelgate.token.TokenClaims;
import io.labelgate.token.TokenRejectedException;
import io.labelgate.token.TokenVerifier;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The request path, independent of servlet or JAX-RS: resolve the token, verify it, build the
 * decision input, decide. Adapters write the {@link Outcome}.
 *
 * <p>400, 401, 403 and 503 stay apart: a token problem is never reported as a policy denial, and
 * an engine fault is never reported as either — it is a 503, so nothing is allowed when labelgate
 * cannot decide.
 */
public final class ProtectionPipeline {

    private static final Logger LOG = Logger.getLogger(ProtectionPipeline.class.getName());

    private final BearerTokenResolver resolver;
    private final TokenVerifier verifier;
    private final AppIdentity app;
    /** The app's part of every decision input, built once: the app's labels do not change while it runs. */
    private final DecisionInput.AppInput appInput;

    private final ActionClassifier actions;
    private final DecisionEngine engine;
    private final SessionLookup sessions;
    private final DecisionCache cache;
    /** One line per decision (logger {@value DecisionLog#LOGGER}). */
    private final DecisionLog log;
    /** The shadow policy's comparisons; null without one. */
    private volatile ShadowDecisions shadow;
    /** Told of every request (metrics). */
    private volatile PipelineObserver observer = PipelineObserver.NONE;

    public ProtectionPipeline(
            BearerTokenResolver resolver,
            TokenVerifier verifier,
            AppIdentity app,
            ActionClassifier actions,
            DecisionEngine engine,
            SessionLookup sessions,
            DecisionCache cache,
            DecisionLog log) {
        this.resolver = Objects.requireNonNull(resolver, "resolver");
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.app = Objects.requireNonNull(app, "app");
        this.appInput = app.asInput();
        this.actions = Objects.requireNonNull(actions, "actions");
        this.engine = Objects.requireNonNull(engine, "engine");
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.cache = Objects.requireNonNull(cache, "cache");
        this.log = Objects.requireNonNull(log, "log");
    }

    /** A pipeline for API clients only (no browser sessions, no decision cache). */
    public ProtectionPipeline(
            BearerTokenResolver resolver,
            TokenVerifier verifier,
            AppIdentity app,
            ActionClassifier actions,
            DecisionEngine engine) {
        this(
                resolver,
                verifier,
                app,
                actions,
                engine,
                SessionLookup.none(),
                new DecisionCache(0, Duration.ZERO),
                new DecisionLog(engine.getClass().getSimpleName(), false));
    }

    /** Compares every later decision (or a sampled share) with a shadow policy's; its answers change nothing. */
    public void shadow(ShadowDecisions shadow) {
        this.shadow = Objects.requireNonNull(shadow, "shadow");
    }

    /** Tells this observer of every later request (metrics). */
    public void observe(PipelineObserver observer) {
        this.observer = Objects.requireNonNull(observer, "observer");
    }

    /** Decides one request, with the action its method and path map to. */
    public Outcome protect(RequestView request) {
        return protect(request, actions.classify(request));
    }

    /** Decides one request for an action the caller knows (a {@link Manage} resource, a lifecycle call). */
    public Outcome protect(RequestView request, Action action) {
        PipelineObserver observing = observer;
        Outcome outcome = decide(request, action, observing);
        observing.concluded(outcome);
        return outcome;
    }

    private Outcome decide(RequestView request, Action action, PipelineObserver observing) {
        Optional<String> token;
        try {
            token = resolver.resolve(request);
        } catch (AuthException e) {
            return refuse(request, e.error(), "-");
        }
        TokenClaims claims;
        try {
            if (token.isPresent()) {
                long verifying = System.nanoTime();
                try {
                    claims = verifier.verify(token.get());
                } finally {
                    observing.verified(System.nanoTime() - verifying);
                }
            } else {
                Optional<TokenClaims> session = sessions.claims(request);
                if (session.isEmpty()) {
                    return refuse(request, AuthError.missingToken(), "-");
                }
                claims = session.get();
            }
        } catch (TokenRejectedException e) {
            if (token.isPresent()) {
                // not one b64token is a malformed request (400), checked only now: a credential
                // that verified, or that the verified-token cache knows, is one
                try {
                    AuthorizationHeaderResolver.requireB64Token(token.get());
                } catch (AuthException malformed) {
                    return refuse(request, malformed.error(), "-");
                }
            }
            return refuse(request, AuthError.invalidToken(e.getMessage()), "-");
        } catch (AuthException e) {
            return refuse(request, e.error(), "-");
        } catch (RegistryUnavailableException e) {
            LOG.warning("labelgate: cannot check the token against the registry, refusing with 503: " + e.getMessage());
            return new Outcome.Refused(AuthError.decisionUnavailable());
        }
        // the path as the policy sees it: runs of slashes made one and a trailing slash dropped, as
        // manage paths are matched, so /api//model/reload/ cannot walk around a rule on /api/model/reload
        DecisionInput.RequestInput requestInput =
                DecisionInput.RequestInput.of(request.method(), PathActionClassifier.normalise(request.path()), action);
        long started = System.nanoTime();
        // the cache is keyed on the claims, the app's input and the request's: the token's part of
        // the decision input is built only when the engine is asked
        // the key names the policy running now: read before the engine is asked, so a decision made
        // by a policy replaced meanwhile is stored where no later request looks
        DecisionCache.Key key = cache.key(claims, appInput, requestInput);
        Optional<Decision> cached = cache.get(key);
        if (key != null) {
            observing.cacheLookup(cached.isPresent());
        }
        Decision decision;
        if (cached.isPresent()) {
            decision = cached.get();
        } else {
            DecisionInput input = DecisionInput.of(claims, appInput, requestInput);
            try {
                decision = engine.decide(input);
            } catch (DecisionException | RuntimeException e) {
                observing.decided(System.nanoTime() - started);
                // Fail closed: whatever went wrong in the engine, the answer is 503, never a verdict.
                LOG.log(
                        Level.WARNING,
                        "labelgate: decision failed for token " + claims.id() + " on " + request.method() + " "
                                + request.path() + ", refusing with 503: " + e);
                return new Outcome.Refused(AuthError.decisionUnavailable());
            }
            cache.put(key, decision);
        }
        String decisionId = DecisionLog.newId();
        long nanos = System.nanoTime() - started;
        observing.decided(nanos);
        observing.decision(decisionId, claims.id(), action, decision.allow(), cached.isPresent(), nanos);
        long micros = nanos / 1_000;
        log.record(
                decisionId,
                claims.id(),
                app.id().toString(),
                requestInput.action(),
                decision,
                cached.isPresent(),
                micros);
        ShadowDecisions comparing = shadow;
        if (comparing != null) {
            TokenClaims asked = claims;
            comparing.compare(decisionId, () -> DecisionInput.of(asked, appInput, requestInput), decision);
        }
        if (!decision.allow()) {
            return new Outcome.Refused(AuthError.insufficientScope(decision.reasons()), decisionId);
        }
        return new Outcome.Allowed(new TokenPrincipal(claims), decisionId);
    }

    private static Outcome refuse(RequestView request, AuthError error, String tokenId) {
        LOG.fine(() -> "labelgate: refused " + request.method() + " " + request.path() + " (token " + tokenId + "): "
                + error.status() + " " + error.code() + " " + error.description());
        return new Outcome.Refused(error);
    }

    /** The app this pipeline protects. */
    public AppIdentity app() {
        return app;
    }
}
