package io.labelgate;

import io.labelgate.app.AccessReview;
import io.labelgate.app.AppIdStore;
import io.labelgate.app.AppIdentity;
import io.labelgate.app.AppLifecycle;
import io.labelgate.bundle.PolicyLoader;
import io.labelgate.cdi.Tracing;
import io.labelgate.config.AdminConfig;
import io.labelgate.config.AppConfig;
import io.labelgate.config.LabelgateConfig;
import io.labelgate.config.Secret;
import io.labelgate.console.BrowserPages;
import io.labelgate.console.BrowserSessions;
import io.labelgate.console.ConsoleServlet;
import io.labelgate.decision.DecisionCache;
import io.labelgate.decision.DecisionEngine;
import io.labelgate.decision.DecisionLog;
import io.labelgate.decision.ShadowDecisions;
import io.labelgate.http.AuthorizationHeaderResolver;
import io.labelgate.http.PathActionClassifier;
import io.labelgate.http.PipelineObserver;
import io.labelgate.http.Protection;
import io.labelgate.http.ProtectionPipeline;
import io.labelgate.metrics.LabelgateMetrics;
import io.labelgate.registry.Actor;
import io.labelgate.registry.AppRecord;
import io.labelgate.registry.AppRegistry;
import io.labelgate.registry.AppStatus;
import io.labelgate.registry.AuditAction;
import io.labelgate.registry.AuditEvent;
import io.labelgate.registry.AuditTrail;
import io.labelgate.registry.Change;
import io.labelgate.registry.ChangeFollower;
import io.labelgate.registry.ChangeRoutes;
import io.labelgate.registry.ExpiryAnnouncer;
import io.labelgate.registry.ExpiryRule;
import io.labelgate.registry.ExpiryWarning;
import io.labelgate.registry.JdbcRegistry;
import io.labelgate.registry.KeyRing;
import io.labelgate.registry.RegistryUnavailableException;
import io.labelgate.registry.RevocationCheckingVerifier;
import io.labelgate.registry.TokenService;
import io.labelgate.token.CachingTokenVerifier;
import io.labelgate.token.JwtTokenVerifier;
import io.labelgate.token.KeyRetirements;
import io.labelgate.token.SigningKey;
import io.labelgate.token.TokenIssuer;
import io.labelgate.token.VerificationKeys;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;

import javax.sql.DataSource;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * labelgate assembled for one application from its {@link LabelgateConfig} and its registry's
 * {@link DataSource}: registry, signing keys, verifier with revocation, app identity, decision
 * engine, pipeline and token service. Built once at start-up; everything that can be wrong with
 * the configuration fails here, naming the key.
 */
public final class Labelgate implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Labelgate.class.getName());

    private final LabelgateConfig config;
    private final AppIdentity app;
    private final Protection protection;
    private final DecisionEngine engine;
    private final Policies policies;
    private final TokenService tokens;
    private final Optional<KeyRing> keyRing;
    private final Supplier<String> jwks;
    private final AppRegistry apps;
    private final BrowserSessions sessions;
    private final Optional<Secret> adminSecret;
    private final AppLifecycle lifecycle;
    private final ChangeFollower follower;
    private final AuditTrail audit;
    private final Optional<LabelgateMetrics> metrics;

    private Labelgate(
            LabelgateConfig config,
            AppIdentity app,
            Protection protection,
            Policies policies,
            TokenService tokens,
            Optional<KeyRing> keyRing,
            AppRegistry apps,
            BrowserSessions sessions,
            Optional<Secret> adminSecret,
            AppLifecycle lifecycle,
            ChangeFollower follower,
            AuditTrail audit,
            Optional<LabelgateMetrics> metrics,
            Supplier<String> jwks) {
        this.config = config;
        this.app = app;
        this.protection = protection;
        this.engine = policies.engine();
        this.policies = policies;
        this.tokens = tokens;
        this.keyRing = keyRing;
        this.jwks = jwks;
        this.apps = apps;
        this.sessions = sessions;
        this.adminSecret = adminSecret;
        this.lifecycle = lifecycle;
        this.follower = follower;
        this.audit = audit;
        this.metrics = metrics;
    }

    /** This app's lifecycle. */
    public AppLifecycle lifecycle() {
        return lifecycle;
    }

    /** The registry's apps. */
    public AppRegistry apps() {
        return apps;
    }

    /** The admin credential: configured, or generated in demo mode when the admin API is enabled. */
    private static Optional<Secret> adminSecret(LabelgateConfig config) {
        AdminConfig admin = config.admin();
        if (admin.secret().isEmpty() && admin.enabled() && config.demo().enabled()) {
            return Optional.of(Secret.of(DemoToken.loadOrCreateAdminSecret(config.app())));
        }
        return admin.secret();
    }

    /** The admin credential, if any. */
    public Optional<Secret> adminSecret() {
        return adminSecret;
    }

    /** The browser pages' servlet; this app's page shows {@code access}. */
    public ConsoleServlet consoleServlet(AccessReview access) {
        return new ConsoleServlet(
                sessions,
                tokens,
                expiryRule(config),
                expiryWarning(),
                apps,
                engine,
                config.app().name(),
                Optional.of(access),
                audit,
                config.audit().retention(),
                config.admin().containerLogin());
    }

    /** The audit trail. */
    public AuditTrail audit() {
        return audit;
    }

    /**
     * What expiry a new token must have: one, when the verifier would refuse a token without it;
     * one within {@code labelgate.tokens.max-lifetime}, when that is set.
     */
    private static ExpiryRule expiryRule(LabelgateConfig config) {
        return new ExpiryRule(
                config.jwt().settings().requireExpiry(), config.tokens().maxLifetime());
    }

    /** When a token counts as expiring soon ({@code labelgate.tokens.expiry-warning}). */
    public ExpiryWarning expiryWarning() {
        return new ExpiryWarning(config.tokens().expiryWarning());
    }

    /** The browser column of the HTTP behaviour table. */
    public BrowserPages browserPages() {
        return new BrowserPages(config.console().path());
    }

    /**
     * Builds labelgate for this configuration over the registry's data source, outside a web
     * application: a policy bundle in {@code /WEB-INF/} cannot be read.
     */
    public static Labelgate start(LabelgateConfig config, DataSource registryDataSource) {
        return start(config, registryDataSource, path -> null);
    }

    /**
     * Builds labelgate for this configuration over the registry's data source.
     *
     * @param resources opens a resource of the web application by its path ({@code /WEB-INF/...}),
     *                  null when absent: {@code ServletContext::getResourceAsStream}
     */
    public static Labelgate start(
            LabelgateConfig config, DataSource registryDataSource, Function<String, InputStream> resources) {
        Objects.requireNonNull(config, "config");
        Clock clock = Clock.systemUTC();
        JdbcRegistry registry = JdbcRegistry.migrate(Objects.requireNonNull(registryDataSource, "registryDataSource"));
        // follows the feed from its head now: everything read from here on is at least that recent
        ChangeRoutes routes = new ChangeRoutes();
        ChangeFollower follower = new ChangeFollower(registry, config.registry().maxStaleness(), clock, routes);

        Optional<SigningKey> configuredKey = TokenKeys.configuredSigningKey(config);
        Optional<KeyRing> keyRing = configuredKey.isPresent()
                ? Optional.empty()
                : Optional.of(KeyRing.open(
                        registry, TokenKeys.keyEncryption(config), TokenKeys.firstAlgorithm(config), clock));
        KeyRetirements retirements = keyRing.<KeyRetirements>map(ring -> ring).orElseGet(KeyRetirements::none);
        Supplier<TokenIssuer> issuer = configuredKey.isPresent()
                ? constant(new TokenIssuer(configuredKey.get(), config.jwt().settings()))
                : () -> new TokenIssuer(keyRing.get().signingKey(), config.jwt().settings());

        VerificationKeys keys = TokenKeys.verificationKeys(config, configuredKey, keyRing);
        CachingTokenVerifier signatures = new CachingTokenVerifier(
                new JwtTokenVerifier(
                        config.jwt().settings(), keys, config.tokens().maxLifetime()),
                config.tokenCache().maxSize(),
                config.tokenCache().maxAge(),
                clock,
                retirements);
        RevocationCheckingVerifier verifier = new RevocationCheckingVerifier(
                signatures, registry, follower, config.tokenCache().maxSize(), clock);

        AppConfig appConfig = config.app();
        AppIdentity app = AppIdentity.withReservedLabels(
                appConfig.id().orElseGet(() -> new AppIdStore(appConfig.dataDir(), appConfig.name()).loadOrCreate()),
                appConfig.region(),
                appConfig.labels(),
                appConfig.reservedPrefix(),
                warning -> LOG.warning("labelgate: " + warning));
        Instant now = clock.instant();
        registry.register(new AppRecord(
                app.id(),
                appConfig.name(),
                app.region(),
                app.labels(),
                appConfig.baseUrl().orElse(null),
                AppStatus.RUNNING,
                now,
                now));

        Policies policies = Policies.start(config, resources, clock);
        try {
            DecisionEngine engine = policies.engine();
            Optional<Secret> adminSecret = adminSecret(config);
            BrowserSessions sessions = new BrowserSessions(
                    registry,
                    verifier,
                    verifier,
                    adminSecret,
                    follower,
                    config.console().sessionLifetime(),
                    config.console().maxLoginFailures(),
                    clock,
                    retirements);
            DecisionCache decisions = DecisionCache.forEngine(
                    engine, config.decisions().cacheSize(), config.registry().maxStaleness());
            // a decision the replaced policy made is never an answer (the key names the revision);
            // clearing frees their memory at once
            policies.reloadable()
                    .ifPresent(reloadable -> reloadable.onReplace(replacement -> {
                        decisions.clear();
                        auditPolicy(registry, replacement.name(), appConfig.name());
                    }));
            ProtectionPipeline pipeline = new ProtectionPipeline(
                    new AuthorizationHeaderResolver(),
                    verifier,
                    app,
                    PathActionClassifier.parse(config.manage().paths()),
                    engine,
                    sessions,
                    decisions,
                    new DecisionLog(
                            config.engine().kind().wireName(),
                            config.decisions().logAllowed()));
            policies.shadow().ifPresent(pipeline::shadow);
            TokenService tokens = new TokenService(registry, issuer, clock, verifier::invalidate, expiryRule(config));
            Optional<LabelgateMetrics> metrics = config.metrics().enabled()
                    ? Optional.of(metrics(config, engine, follower, tokens, clock))
                    : Optional.empty();
            List<PipelineObserver> observers = new ArrayList<>();
            metrics.ifPresent(observers::add);
            Tracing.fromContainer(app.id().toString(), config.engine().kind().wireName())
                    .ifPresent(observers::add);
            pipeline.observe(PipelineObserver.all(observers));
            AppLifecycle lifecycle = new AppLifecycle(app, registry, follower, clock, LifecycleEvents::fire);
            routes.on(Change.Kind.TOKEN, verifier::invalidate)
                    .on(Change.Kind.SESSION, sessions::forget)
                    .on(Change.Kind.APP, id -> {
                        if (id.equals(lifecycle.id())) {
                            lifecycle.refresh();
                        }
                    })
                    .onReloadAll(verifier::invalidateAll)
                    .onReloadAll(sessions::forgetAll)
                    .onReloadAll(lifecycle::refresh);
            keyRing.ifPresent(
                    ring -> routes.on(Change.Kind.KEY, kid -> ring.reload()).onReloadAll(ring::reload));
            Duration retention = config.audit().retention();
            follower.onPrune(pruneAt -> registry.pruneAudit(pruneAt.minus(retention)));
            // every few minutes, on every node: the pruning schedule is the one periodic loop there is
            follower.onPrune(new ExpiryAnnouncer(
                    tokens::list, new ExpiryWarning(config.tokens().expiryWarning()), LifecycleEvents::fire)::check);
            follower.poll();
            follower.start(appConfig.name());
            Labelgate labelgate = new Labelgate(
                    config,
                    app,
                    new Protection(pipeline, appConfig.realm()),
                    policies,
                    tokens,
                    keyRing,
                    registry,
                    sessions,
                    adminSecret,
                    lifecycle,
                    follower,
                    registry,
                    metrics,
                    keyRing.<Supplier<String>>map(ring -> ring::jwks)
                            .orElseGet(() -> constant(
                                    new JsonWebKeySet(configuredKey.get().publicJwk())
                                            .toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY))));
            LOG.info(() -> "labelgate: protecting app " + appConfig.name() + " (id " + app.id() + ", region "
                    + app.region() + ", labels " + new TreeMap<>(app.labels()) + ") with the "
                    + config.engine().kind()
                    + " engine; revocation bound "
                    + config.registry().maxStaleness().toMillis() + " ms");
            if (config.demo().enabled()) {
                DemoToken.issue(labelgate);
            }
            return labelgate;
        } catch (RuntimeException | Error e) {
            // nothing started here may outlive a failed start: the policy pollers and the change
            // feed's follower are threads, which would keep the web application's class loader
            follower.close();
            policies.close();
            throw e;
        }
    }

    /** Records that this node decides with a new policy bundle; a registry that cannot take it is logged. */
    private static void auditPolicy(AuditTrail audit, String revision, String appName) {
        try {
            audit.record(AuditEvent.of(Actor.LABELGATE, AuditAction.POLICY_CHANGED, revision, "app " + appName));
        } catch (RegistryUnavailableException e) {
            LOG.warning(
                    "labelgate: the audit trail could not record policy revision " + revision + ": " + e.getMessage());
        }
    }

    /** The metrics of this app: the pipeline's, and gauges read at every scrape. */
    private static LabelgateMetrics metrics(
            LabelgateConfig config, DecisionEngine engine, ChangeFollower follower, TokenService tokens, Clock clock) {
        LabelgateMetrics metrics = new LabelgateMetrics(config.engine().kind());
        if (engine.breakerState().isPresent()) {
            metrics.breaker(engine::breakerState);
        }
        metrics.registryState(follower::age, follower.maxStaleness());
        String source = policySource(config);
        metrics.policy(() -> source, () -> engine.policyView().revision());
        metrics.tokens(tokens::list, clock, new ExpiryWarning(config.tokens().expiryWarning()));
        return metrics;
    }

    /** Where the policy comes from: {@code built-in}, {@code bundle} or {@code opa-server}. */
    private static String policySource(LabelgateConfig config) {
        return config.engine().isRemote()
                ? "opa-server"
                : config.policy().bundle().isPresent() ? "bundle" : "built-in";
    }

    /** This app's metrics, unless {@code labelgate.metrics.enabled} is false. */
    public Optional<LabelgateMetrics> metrics() {
        return metrics;
    }

    private static <T> Supplier<T> constant(T value) {
        return () -> value;
    }

    /** The configuration labelgate started with. */
    public LabelgateConfig config() {
        return config;
    }

    /** This app's identity. */
    public AppIdentity app() {
        return app;
    }

    /** The protection the adapters use. */
    public Protection protection() {
        return protection;
    }

    /** The token lifecycle. */
    public TokenService tokens() {
        return tokens;
    }

    /** The registry's signing keys, unless a signing key file is configured. */
    public Optional<KeyRing> keyRing() {
        return keyRing;
    }

    /** The public keys of the tokens this labelgate issues, as a JWKS document. */
    public String jwks() {
        return jwks.get();
    }

    /** The decision engine. */
    public DecisionEngine engine() {
        return engine;
    }

    /**
     * Why the live policy's last bundle was refused, while it is the last one fetched: for
     * readiness details. Empty with the built-in policy, the remote engine, or a good bundle.
     */
    public Optional<String> policyProblem() {
        return policies.live().flatMap(loader -> loader.status().lastError());
    }

    /**
     * Short, non-secret facts about the policy for the public readiness endpoint: where it comes
     * from ({@code built-in}, {@code bundle}, {@code opa-server}), whether the newest bundle was
     * refused, and the shadow policy's counts. Never a location: a bundle URL may name internal
     * hosts.
     */
    public Map<String, String> policyFacts() {
        Map<String, String> facts = new TreeMap<>();
        facts.put("policy", policySource(config));
        policies.live().ifPresent(loader -> {
            PolicyLoader.Status status = loader.status();
            facts.put("policy-loaded", String.valueOf(status.running().isPresent()));
            status.lastError()
                    .ifPresent(error -> facts.put(
                            "policy-problem",
                            status.running().isPresent()
                                    ? "the newest bundle was refused (see the server log); the previous policy decides"
                                    : "no bundle has loaded yet (see the server log); requests are refused with 503"));
        });
        policies.shadow().ifPresent(shadow -> {
            ShadowDecisions.Counts counts = shadow.counts();
            facts.put("shadow-compared", String.valueOf(counts.compared()));
            facts.put("shadow-disagreed", String.valueOf(counts.disagreed()));
            facts.put("shadow-failed", String.valueOf(counts.failed()));
            facts.put("shadow-skipped", String.valueOf(counts.skipped()));
        });
        return facts;
    }

    /** The shadow policy's comparisons, when one is configured. */
    public Optional<ShadowDecisions> shadow() {
        return policies.shadow();
    }

    /**
     * Whether the engine can decide now: the embedded one once a policy is loaded, the remote one
     * while its breaker is closed.
     */
    public boolean engineReady() {
        return engine.ready();
    }

    /** Whether the registry answered its last call (its breaker is closed). */
    public boolean registryReachable() {
        return apps.reachable();
    }

    @Override
    public void close() {
        follower.close();
        policies.close();
    }
}
