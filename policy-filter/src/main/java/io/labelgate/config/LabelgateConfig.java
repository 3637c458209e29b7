package io.labelgate.config;

import io.labelgate.selector.Labels;
import io.labelgate.token.JwtSettings;
import io.labelgate.token.SigningKey;
import io.labelgate.token.TokenClaims;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Everything labelgate is configured with, read once at start-up and validated: a bad value
 * stops the deployment with a {@link ConfigurationException} naming its key.
 *
 * <p>Keys (MicroProfile Config, so {@code LABELGATE_APP_REGION} works as an environment
 * variable; or {@code web.xml} context parameters):
 * <table>
 *   <caption>configuration keys</caption>
 *   <tr><th>key</th><th>default</th><th>what</th></tr>
 *   <tr><td>{@code labelgate.app.name}</td><td>context root, or {@code ROOT}</td><td>name in logs, realm and data directory</td></tr>
 *   <tr><td>{@code labelgate.app.id}</td><td>generated once, kept under the data directory</td><td>the app id (UUID)</td></tr>
 *   <tr><td>{@code labelgate.app.region}</td><td>required</td><td>region, e.g. {@code GRA}</td></tr>
 *   <tr><td>{@code labelgate.app.labels}</td><td>none</td><td>labels, e.g. {@code group=A,tier=gpu}</td></tr>
 *   <tr><td>{@code labelgate.labels.reserved-prefix}</td><td>{@code labelgate/}</td><td>prefix of platform labels</td></tr>
 *   <tr><td>{@code labelgate.realm}</td><td>app name</td><td>{@code realm} of the challenge</td></tr>
 *   <tr><td>{@code labelgate.data-dir}</td><td>{@code ${user.home}/.labelgate}</td><td>where the app id (and demo key) are kept</td></tr>
 *   <tr><td>{@code labelgate.jwt.issuer} / {@code .audience}</td><td>{@code labelgate}</td><td>required {@code iss} / {@code aud}</td></tr>
 *   <tr><td>{@code labelgate.jwt.algorithms}</td><td>{@code RS256}</td><td>accepted JWS algorithms</td></tr>
 *   <tr><td>{@code labelgate.jwt.clock-skew}</td><td>{@code PT30S}</td><td>tolerance for time claims</td></tr>
 *   <tr><td>{@code labelgate.jwt.require-expiry}</td><td>{@code false}</td><td>refuse tokens without {@code exp}</td></tr>
 *   <tr><td>{@code labelgate.jwt.jwks-file} / {@code .jwks-url} / {@code .public-key-file}</td><td>none</td><td>trusted public keys</td></tr>
 *   <tr><td>{@code labelgate.jwt.signing-key-file}</td><td>none</td><td>private JWK that mints tokens (its public half is trusted)</td></tr>
 *   <tr><td>{@code labelgate.token-cache.max-size} / {@code .max-age}</td><td>{@code 10000} / {@code PT5M}</td><td>verified-token cache</td></tr>
 *   <tr><td>{@code labelgate.engine}</td><td>{@code embedded}</td><td>decision engine</td></tr>
 *   <tr><td>{@code labelgate.engine.pool-size}</td><td>processors, at most 4</td><td>concurrent embedded evaluations</td></tr>
 *   <tr><td>{@code labelgate.engine.acquire-timeout}</td><td>{@code PT1S}</td><td>wait for a free policy instance, then 503</td></tr>
 *   <tr><td>{@code labelgate.policy.bundle}</td><td>none: the built-in policy</td><td>a policy bundle (see {@link Policy})</td></tr>
 *   <tr><td>{@code labelgate.decision-log.allowed}</td><td>{@code false}</td><td>log allowed decisions at INFO too (refusals always are)</td></tr>
 *   <tr><td>{@code labelgate.demo.enabled}</td><td>{@code false}</td><td>demo key and token (never in production)</td></tr>
 * </table>
 *
 * @param appName          application name
 * @param appId            configured app id, or empty to use the persisted one
 * @param region           app region
 * @param labels           deployer labels (reserved ones are overridden later)
 * @param reservedPrefix   reserved label prefix, ending in {@code /}
 * @param realm            challenge realm
 * @param dataDir          data directory
 * @param jwt              token verification settings
 * @param jwksFile         JWKS file of trusted keys
 * @param jwksUrl          JWKS URL of trusted keys
 * @param publicKeyFile    PEM public key file
 * @param signingKeyFile   private JWK file
 * @param tokenCacheSize   verified-token cache size
 * @param tokenCacheMaxAge verified-token cache entry lifetime
 * @param engine           engine name
 * @param enginePoolSize   embedded pool size
 * @param engineAcquireTimeout embedded pool wait
 * @param demo             demo mode
 * @param policy           the policy the embedded engine runs, and the shadow policy
 */
public record LabelgateConfig(String appName, Optional<UUID> appId, String region, Map<String, String> labels,
                              String reservedPrefix, String realm, Path dataDir, JwtSettings jwt,
                              Optional<Path> jwksFile, Optional<URI> jwksUrl, Optional<Path> publicKeyFile,
                              Optional<Path> signingKeyFile, int tokenCacheSize, Duration tokenCacheMaxAge,
                              String engine, int enginePoolSize, Duration engineAcquireTimeout, boolean demo,
                              Registry registry, Admin admin, Console console, String managePaths,
                              RemoteEngine remote, int decisionCacheSize, boolean logAllowedDecisions,
                              Policy policy) {

    /** The embedded (in-process Wasm) engine. */
    public static final String ENGINE_EMBEDDED = "embedded";

    public LabelgateConfig {
        Objects.requireNonNull(appName, "appName");
        Objects.requireNonNull(appId, "appId");
        Objects.requireNonNull(region, "region");
        labels = Map.copyOf(labels);
        Objects.requireNonNull(reservedPrefix, "reservedPrefix");
        Objects.requireNonNull(realm, "realm");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(jwt, "jwt");
        Objects.requireNonNull(jwksFile, "jwksFile");
        Objects.requireNonNull(jwksUrl, "jwksUrl");
        Objects.requireNonNull(publicKeyFile, "publicKeyFile");
        Objects.requireNonNull(signingKeyFile, "signingKeyFile");
        Objects.requireNonNull(tokenCacheMaxAge, "tokenCacheMaxAge");
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(engineAcquireTimeout, "engineAcquireTimeout");
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(admin, "admin");
        Objects.requireNonNull(console, "console");
        Objects.requireNonNull(managePaths, "managePaths");
        Objects.requireNonNull(remote, "remote");
        Objects.requireNonNull(policy, "policy");
    }

    /**
     * The policy the embedded engine runs: the built-in one unless a bundle is configured.
     *
     * @param bundle          where the bundle is ({@code labelgate.policy.bundle}): {@code /WEB-INF/...}
     *                        in the WAR, an absolute file path, or an {@code http(s)} URL polled like OPA's
     *                        bundle service; empty: the built-in policy. With the remote engine the OPA
     *                        server loads the bundle itself, and labelgate does not
     * @param verificationKey the key bundles must be signed with ({@code labelgate.policy.bundle.verification-key}):
     *                        a PEM public key or a JWKS document, inline or as a file path or WAR path; when
     *                        set, an unsigned or tampered bundle is refused
     * @param pollingInterval time between polls of a file or server ({@code labelgate.policy.bundle.polling-interval},
     *                        default {@code PT30S})
     * @param credential      bearer credential for the bundle server ({@code labelgate.policy.bundle.credential},
     *                        env {@code LABELGATE_POLICY_BUNDLE_CREDENTIAL})
     * @param timeout         bound on one fetch from the server ({@code labelgate.policy.bundle.timeout}, default {@code PT10S})
     * @param shadow          a second bundle evaluated beside the live policy, whose answers are only compared
     *                        and logged ({@code labelgate.policy.shadow}); same forms as {@code bundle}
     * @param shadowSampleRate share of requests the shadow policy also decides ({@code labelgate.policy.shadow.sample-rate},
     *                        more than 0, at most 1, default 1)
     */
    public record Policy(Optional<String> bundle, Optional<String> verificationKey, Duration pollingInterval,
                         Optional<Secret> credential, Duration timeout, Optional<String> shadow,
                         double shadowSampleRate) {
        public Policy {
            Objects.requireNonNull(bundle, "bundle");
            Objects.requireNonNull(verificationKey, "verificationKey");
            Objects.requireNonNull(pollingInterval, "pollingInterval");
            Objects.requireNonNull(credential, "credential");
            Objects.requireNonNull(timeout, "timeout");
            Objects.requireNonNull(shadow, "shadow");
        }

        /** The built-in policy, no shadow: what an unconfigured deployment runs. */
        public static Policy builtIn() {
            return new Policy(Optional.empty(), Optional.empty(), Duration.ofSeconds(30), Optional.empty(),
                    Duration.ofSeconds(10), Optional.empty(), 1.0);
        }
    }

    /** The remote engine (an OPA server): the engine name. */
    public static final String ENGINE_REMOTE = "remote";

    /**
     * The remote engine, used when {@code labelgate.engine=remote}.
     *
     * @param url            OPA's base URL ({@code labelgate.engine.remote.url}, e.g. {@code http://127.0.0.1:8181}); required for it
     * @param path           the decision document ({@code labelgate.engine.remote.path}, default {@code labelgate/authz/decision})
     * @param connectTimeout {@code labelgate.engine.remote.connect-timeout}, default {@code PT0.25S}
     * @param timeout        {@code labelgate.engine.remote.timeout}, default {@code PT0.5S}
     * @param openInterval   how long the breaker stays open before one probe ({@code labelgate.engine.remote.open-interval}, default {@code PT1S})
     */
    public record RemoteEngine(Optional<URI> url, String path, Duration connectTimeout, Duration timeout,
                               Duration openInterval) {
        public RemoteEngine {
            Objects.requireNonNull(url, "url");
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(connectTimeout, "connectTimeout");
            Objects.requireNonNull(timeout, "timeout");
            Objects.requireNonNull(openInterval, "openInterval");
        }
    }

    /**
     * The browser pages ("Login with token", Tokens, Apps).
     *
     * @param path               where ({@code labelgate.console.path}, default {@code /labelgate})
     * @param sessionLifetime    longest browser session ({@code labelgate.session.lifetime}, default {@code PT12H})
     * @param maxLoginFailures   failed logins allowed per client address and hour
     *                           ({@code labelgate.login.max-failures-per-hour}, default 100)
     */
    public record Console(String path, Duration sessionLifetime, int maxLoginFailures) {
        public Console {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(sessionLifetime, "sessionLifetime");
        }
    }

    /**
     * Where the registry lives and how fresh its answers must be.
     *
     * @param dataSource    JNDI name of the container DataSource ({@code labelgate.registry.datasource},
     *                      default {@code java:comp/DefaultDataSource}); ignored when a JDBC URL is set
     * @param jdbcUrl       JDBC URL ({@code labelgate.registry.jdbc-url}), e.g. {@code jdbc:postgresql://db:5432/labelgate}
     * @param user          database user ({@code labelgate.registry.user})
     * @param password      database password ({@code labelgate.registry.password})
     * @param maxStaleness  revocation bound ({@code labelgate.revocation.max-staleness}, default {@code PT2S})
     * @param encryptionKey key that encrypts signing keys at rest ({@code labelgate.keys.encryption-key},
     *                      env {@code LABELGATE_KEYS_ENCRYPTION_KEY}); required outside demo mode
     * @param baseUrl       where this app is served, for the Apps list ({@code labelgate.app.base-url})
     */
    public record Registry(String dataSource, Optional<String> jdbcUrl, Optional<String> user,
                           Optional<Secret> password, Duration maxStaleness, Optional<Secret> encryptionKey,
                           Optional<String> baseUrl) {
        public Registry {
            Objects.requireNonNull(dataSource, "dataSource");
            Objects.requireNonNull(jdbcUrl, "jdbcUrl");
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(password, "password");
            Objects.requireNonNull(maxStaleness, "maxStaleness");
            Objects.requireNonNull(encryptionKey, "encryptionKey");
            Objects.requireNonNull(baseUrl, "baseUrl");
        }
    }

    /**
     * The admin API.
     *
     * @param enabled whether it is served ({@code labelgate.admin.enabled}, default {@code false})
     * @param path    where ({@code labelgate.admin.path}, default {@code /labelgate/api})
     * @param secret  the admin credential ({@code labelgate.admin.secret}, env {@code LABELGATE_ADMIN_SECRET});
     *                without it only callers in container role {@code labelgate-admin} are admitted
     * @param maxFailures wrong admin credentials allowed per client address and hour, per node
     *                ({@code labelgate.admin.max-failures-per-hour}, default 20); past it every
     *                attempt from that address gets {@code 429} with {@code Retry-After}
     */
    public record Admin(boolean enabled, String path, Optional<Secret> secret, int maxFailures) {
        public Admin {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(secret, "secret");
        }
    }

    /**
     * Reads and validates the configuration.
     *
     * @param lookup          where values come from
     * @param defaultAppName  the name when {@code labelgate.app.name} is unset (the context root)
     * @throws ConfigurationException naming the first key at fault
     */
    public static LabelgateConfig load(ConfigLookup lookup, String defaultAppName) {
        ConfigReader config = new ConfigReader(lookup);
        // orElseGet: the context root only matters, and is only checked, when no name is configured
        String appName = config.parsed("labelgate.app.name", LabelgateConfig::requireAppName)
                .orElseGet(() -> defaultAppName(defaultAppName));
        String reservedPrefix = config.parsed("labelgate.labels.reserved-prefix", LabelgateConfig::requirePrefix)
                .orElse("labelgate/");
        JwtSettings defaults = JwtSettings.defaults();
        Set<String> algorithms = config.parsed("labelgate.jwt.algorithms", LabelgateConfig::algorithms)
                .orElse(defaults.algorithms());
        JwtSettings jwt;
        try {
            jwt = new JwtSettings(
                    config.string("labelgate.jwt.issuer", defaults.issuer()),
                    config.string("labelgate.jwt.audience", defaults.audience()),
                    algorithms,
                    config.duration("labelgate.jwt.clock-skew", defaults.clockSkew()),
                    config.bool("labelgate.jwt.require-expiry", defaults.requireExpiry()));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("labelgate.jwt.clock-skew", e.getMessage(), e);
        }
        String engine = config.string("labelgate.engine", ENGINE_EMBEDDED);
        if (!ENGINE_EMBEDDED.equals(engine) && !ENGINE_REMOTE.equals(engine)) {
            throw new ConfigurationException("labelgate.engine", "unknown engine \"" + engine
                    + "\"; supported: " + ENGINE_EMBEDDED + ", " + ENGINE_REMOTE);
        }
        RemoteEngine remote = new RemoteEngine(config.httpUrl("labelgate.engine.remote.url"),
                config.string("labelgate.engine.remote.path", "labelgate/authz/decision"),
                config.duration("labelgate.engine.remote.connect-timeout", Duration.ofMillis(250)),
                config.duration("labelgate.engine.remote.timeout", Duration.ofMillis(500)),
                config.duration("labelgate.engine.remote.open-interval", Duration.ofSeconds(1)));
        if (ENGINE_REMOTE.equals(engine) && remote.url().isEmpty()) {
            throw new ConfigurationException("labelgate.engine.remote.url",
                    "required with labelgate.engine=remote, e.g. http://127.0.0.1:8181");
        }
        Policy policy = policy(config);
        return new LabelgateConfig(
                appName,
                config.parsed("labelgate.app.id", UUID::fromString),
                config.parsed("labelgate.app.region", TokenClaims::requireRegion)
                        .orElseThrow(() -> new ConfigurationException("labelgate.app.region", "required, e.g. GRA")),
                config.parsed("labelgate.app.labels", Labels::parseLabels).orElse(Map.of()),
                reservedPrefix,
                config.string("labelgate.realm", appName),
                config.path("labelgate.data-dir").orElse(Path.of(System.getProperty("user.home"), ".labelgate")),
                jwt,
                config.path("labelgate.jwt.jwks-file"),
                config.httpUrl("labelgate.jwt.jwks-url"),
                config.path("labelgate.jwt.public-key-file"),
                config.path("labelgate.jwt.signing-key-file"),
                config.positiveInt("labelgate.token-cache.max-size", 10_000),
                config.duration("labelgate.token-cache.max-age", Duration.ofMinutes(5)),
                engine,
                config.positiveInt("labelgate.engine.pool-size", defaultPoolSize()),
                config.duration("labelgate.engine.acquire-timeout", Duration.ofSeconds(1)),
                config.bool("labelgate.demo.enabled", false),
                new Registry(
                        config.string("labelgate.registry.datasource", "java:comp/DefaultDataSource"),
                        config.parsed("labelgate.registry.jdbc-url", LabelgateConfig::requireJdbcUrl),
                        config.optional("labelgate.registry.user"),
                        config.optional("labelgate.registry.password").map(Secret::of),
                        config.duration("labelgate.revocation.max-staleness", Duration.ofSeconds(2)),
                        config.parsed("labelgate.keys.encryption-key", LabelgateConfig::requireEncryptionKey),
                        config.httpUrl("labelgate.app.base-url").map(Object::toString)),
                new Admin(
                        config.bool("labelgate.admin.enabled", false),
                        config.parsed("labelgate.admin.path", LabelgateConfig::requirePath).orElse("/labelgate/api"),
                        config.parsed("labelgate.admin.secret", LabelgateConfig::requireAdminSecret),
                        config.positiveInt("labelgate.admin.max-failures-per-hour", 20)),
                new Console(
                        config.parsed("labelgate.console.path", LabelgateConfig::requirePath).orElse("/labelgate"),
                        config.duration("labelgate.session.lifetime", Duration.ofHours(12)),
                        config.positiveInt("labelgate.login.max-failures-per-hour", 100)),
                config.parsed("labelgate.manage.paths", LabelgateConfig::requireManagePaths).orElse(""),
                remote,
                config.nonNegativeInt("labelgate.decision-cache.max-size", 10_000),
                config.bool("labelgate.decision-log.allowed", false),
                policy);
    }

    private static Policy policy(ConfigReader config) {
        Duration interval = config.duration("labelgate.policy.bundle.polling-interval", Duration.ofSeconds(30));
        if (interval.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new ConfigurationException("labelgate.policy.bundle.polling-interval", "must be at least PT1S");
        }
        Duration timeout = config.duration("labelgate.policy.bundle.timeout", Duration.ofSeconds(10));
        if (timeout.isZero()) {
            throw new ConfigurationException("labelgate.policy.bundle.timeout", "must be positive, e.g. PT10S");
        }
        Optional<String> bundle = config.parsed("labelgate.policy.bundle", LabelgateConfig::requireBundleLocation);
        Optional<String> shadow = config.parsed("labelgate.policy.shadow", LabelgateConfig::requireBundleLocation);
        Optional<String> key = config.optional("labelgate.policy.bundle.verification-key");
        if (key.isPresent() && bundle.isEmpty() && shadow.isEmpty()) {
            throw new ConfigurationException("labelgate.policy.bundle.verification-key",
                    "set, but there is no labelgate.policy.bundle or labelgate.policy.shadow to verify");
        }
        double rate = config.parsed("labelgate.policy.shadow.sample-rate", LabelgateConfig::requireRate).orElse(1.0);
        return new Policy(bundle, key, interval, config.optional("labelgate.policy.bundle.credential").map(Secret::of),
                timeout, shadow, rate);
    }

    private static String requireBundleLocation(String location) {
        if (location.startsWith("/WEB-INF/") || location.startsWith("http://") || location.startsWith("https://")
                || location.startsWith("/")) {
            return location;
        }
        throw new IllegalArgumentException("must be /WEB-INF/... in the WAR, an absolute file path or an http(s) URL, "
                + "e.g. /WEB-INF/labelgate/policy.tar.gz");
    }

    private static double requireRate(String value) {
        double rate;
        try {
            rate = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("must be a number more than 0 and at most 1, e.g. 0.1", e);
        }
        if (!(rate > 0 && rate <= 1)) {
            throw new IllegalArgumentException("must be more than 0 and at most 1, e.g. 0.1");
        }
        return rate;
    }

    /**
     * One policy instance per processor, at most {@value #MAX_DEFAULT_POOL_SIZE}: an evaluation is
     * CPU-bound, so instances beyond the processors only wait, and each costs about 4 MiB of heap
     * and a compiled copy of the module (measured: 1, 2 and 4 instances of the bundled policy
     * take 7, 11 and 19 MiB of live heap); with the decision cache, evaluations are rare, and 4 at
     * once decide far more than a node serves.
     */
    static int defaultPoolSize() {
        return Math.min(Runtime.getRuntime().availableProcessors(), MAX_DEFAULT_POOL_SIZE);
    }

    private static final int MAX_DEFAULT_POOL_SIZE = 4;

    private static String requireManagePaths(String paths) {
        io.labelgate.http.PathActionClassifier.parse(paths);
        return paths;
    }

    private static String requireJdbcUrl(String url) {
        if (!url.startsWith("jdbc:")) {
            throw new IllegalArgumentException("must be a JDBC URL, e.g. jdbc:postgresql://127.0.0.1:5432/labelgate");
        }
        return url;
    }

    private static Secret requireEncryptionKey(String base64) {
        io.labelgate.registry.KeyEncryption.fromBase64(base64);
        return Secret.of(base64);
    }

    private static String requirePath(String path) {
        if (!path.matches("(/[A-Za-z0-9._-]+)+")) {
            throw new IllegalArgumentException("must be a path such as /labelgate/api");
        }
        return path;
    }

    private static Secret requireAdminSecret(String secret) {
        if (secret.length() < 16 || !io.labelgate.http.AuthorizationHeaderResolver.isB64Token(secret)) {
            throw new IllegalArgumentException("must be at least 16 characters of A-Z a-z 0-9 - . _ ~ + /, "
                    + "e.g. from openssl rand -base64 24");
        }
        return Secret.of(secret);
    }

    private static String defaultAppName(String name) {
        try {
            return requireAppName(name);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("labelgate.app.name", "not set, and the context root \"" + name
                    + "\" is not a valid name: " + e.getMessage(), e);
        }
    }

    private static String requireAppName(String name) {
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,62}")) {
            throw new IllegalArgumentException("must be 1-63 letters, digits, '.', '_' or '-', e.g. ai-app");
        }
        return name;
    }

    private static String requirePrefix(String prefix) {
        if (!prefix.endsWith("/") || prefix.length() < 2) {
            throw new IllegalArgumentException("must be a DNS subdomain followed by '/', e.g. labelgate/");
        }
        Labels.validateKey(prefix + "id");
        return prefix;
    }

    private static Set<String> algorithms(String list) {
        Set<String> algorithms = new LinkedHashSet<>();
        for (String algorithm : Arrays.stream(list.split(",")).map(String::strip).toList()) {
            if (!SigningKey.SUPPORTED_ALGORITHMS.contains(algorithm)) {
                throw new IllegalArgumentException("unsupported algorithm \"" + algorithm + "\"; supported: "
                        + SigningKey.SUPPORTED_ALGORITHMS + " (never none or a symmetric algorithm)");
            }
            algorithms.add(algorithm);
        }
        return algorithms;
    }
}
