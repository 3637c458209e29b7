package io.labelgate.config;

import io.labelgate.decision.EngineKind;
import io.labelgate.token.JwtSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class LabelgateConfigTest {

    private static final String SUPPORTED = "[RS256, RS384, RS512, PS256, ES256, ES384, EdDSA]";

    private static LabelgateConfig load(Map<String, String> values) {
        return LabelgateConfig.load(ConfigLookup.of(values), "ai-app");
    }

    private static Map<String, String> withRegion(String key, String value) {
        Map<String, String> values = new HashMap<>();
        values.put("labelgate.app.region", "GRA");
        values.put(key, value);
        return values;
    }

    @Test
    void refusesToStartWithoutARegion() {
        ConfigurationException refused = assertThrows(ConfigurationException.class, () -> load(Map.of()));

        assertEquals("labelgate.app.region", refused.key());
        assertEquals("labelgate.app.region: required, e.g. GRA", refused.getMessage());
    }

    @Test
    void treatsABlankRegionAsMissing() {
        ConfigurationException refused =
                assertThrows(ConfigurationException.class, () -> load(Map.of("labelgate.app.region", "   ")));

        assertEquals("labelgate.app.region: required, e.g. GRA", refused.getMessage());
    }

    static Stream<Arguments> badValues() {
        return Stream.of(
                bad(
                        "labelgate.registry.jdbc-url",
                        "postgresql://db/labelgate",
                        "must be a JDBC URL, e.g. jdbc:postgresql://127.0.0.1:5432/labelgate"),
                bad(
                        "labelgate.keys.encryption-key",
                        "c2hvcnQ=",
                        "must be base64 of 32 random bytes (openssl rand -base64 32), not 5 bytes"),
                bad(
                        "labelgate.keys.encryption-key",
                        "not base64!",
                        "must be base64 of 32 random bytes (openssl rand -base64 32)"),
                bad(
                        "labelgate.admin.secret",
                        "short",
                        "must be at least 16 characters of A-Z a-z 0-9 - . _ ~ + /, e.g. from openssl rand -base64 24"),
                bad(
                        "labelgate.admin.secret",
                        "sixteen chars with spaces",
                        "must be at least 16 characters of A-Z a-z 0-9 - . _ ~ + /, e.g. from openssl rand -base64 24"),
                bad("labelgate.admin.path", "labelgate/api", "must be a path such as /labelgate/api"),
                bad(
                        "labelgate.manage.paths",
                        "POST",
                        "\"POST\" is not of the form METHOD /path or METHOD /prefix/* (METHOD may be *)"),
                bad("labelgate.manage.paths", "POST /a/*/b", "\"POST /a/*/b\": only a trailing /* is a wildcard"),
                bad("labelgate.revocation.max-staleness", "2s", "must be an ISO-8601 duration, e.g. PT30S"),
                bad(
                        "labelgate.app.region",
                        "G RA",
                        "region must be 1-32 letters, digits or '-', starting with a letter or digit"),
                bad(
                        "labelgate.app.region",
                        "-GRA",
                        "region must be 1-32 letters, digits or '-', starting with a letter or digit"),
                bad("labelgate.app.labels", "group=A,group=B", "invalid labels: duplicate key \"group\""),
                bad("labelgate.app.labels", "group", "invalid labels: item 1 \"group\" is not of the form key=value"),
                bad(
                        "labelgate.app.labels",
                        "gr oup=A",
                        "invalid label key \"gr oup\": name part must consist of "
                                + "alphanumerics, '-', '_' or '.', and must start and end with an alphanumeric "
                                + "(e.g. 'MyName', 'my.name', '123-abc')"),
                bad("labelgate.app.id", "not-a-uuid", "Invalid UUID string: not-a-uuid"),
                bad("labelgate.app.name", "my app", "must be 1-63 letters, digits, '.', '_' or '-', e.g. ai-app"),
                bad(
                        "labelgate.labels.reserved-prefix",
                        "labelgate",
                        "must be a DNS subdomain followed by '/', e.g. labelgate/"),
                bad(
                        "labelgate.labels.reserved-prefix",
                        "/",
                        "must be a DNS subdomain followed by '/', e.g. labelgate/"),
                bad(
                        "labelgate.labels.reserved-prefix",
                        "Ovh/",
                        "invalid label key \"Ovh/id\": prefix part must be a "
                                + "lowercase RFC 1123 subdomain: dot-separated labels of lowercase alphanumerics and '-', "
                                + "each starting and ending with an alphanumeric (e.g. 'example.com')"),
                bad(
                        "labelgate.jwt.algorithms",
                        "HS256",
                        "unsupported algorithm \"HS256\"; supported: " + SUPPORTED
                                + " (never none or a symmetric algorithm)"),
                bad(
                        "labelgate.jwt.algorithms",
                        "none",
                        "unsupported algorithm \"none\"; supported: " + SUPPORTED
                                + " (never none or a symmetric algorithm)"),
                bad(
                        "labelgate.jwt.algorithms",
                        "RS256,,ES256",
                        "unsupported algorithm \"\"; supported: " + SUPPORTED
                                + " (never none or a symmetric algorithm)"),
                bad("labelgate.jwt.algorithms", ",", "algorithms must be a non-empty subset of " + SUPPORTED),
                bad("labelgate.jwt.clock-skew", "PT10M", "clock skew must be between 0 and 5 minutes"),
                bad("labelgate.jwt.clock-skew", "30s", "must be an ISO-8601 duration, e.g. PT30S"),
                bad("labelgate.jwt.require-expiry", "yes", "must be true or false"),
                bad("labelgate.jwt.jwks-url", "ftp://keys.example/jwks.json", "must be an http or https URL"),
                bad("labelgate.jwt.jwks-url", "https://keys example/", "is not a valid URL"),
                bad("labelgate.demo.enabled", "1", "must be true or false"),
                bad("labelgate.audit.retention", "PT12H", "must be at least P1D, e.g. P400D"),
                bad("labelgate.audit.retention", "a year", "must be an ISO-8601 duration, e.g. PT30S"),
                bad("labelgate.demo.enabled", "on", "must be true or false"),
                bad("labelgate.decision-log.allowed", "all", "must be true or false"),
                bad("labelgate.token-cache.max-age", "P300000D", "must be at most PT8784H (366 days)"),
                bad("labelgate.engine.acquire-timeout", "1s", "must be an ISO-8601 duration, e.g. PT30S"),
                bad("labelgate.engine.acquire-timeout", "-PT1S", "must not be negative"),
                bad("labelgate.token-cache.max-age", "five minutes", "must be an ISO-8601 duration, e.g. PT30S"),
                bad("labelgate.engine.pool-size", "0", "must be a positive integer"),
                bad("labelgate.engine.pool-size", "-4", "must be a positive integer"),
                bad("labelgate.engine.pool-size", "eight", "must be a positive integer, e.g. 8"),
                bad("labelgate.token-cache.max-size", "1e4", "must be a positive integer, e.g. 8"),
                bad("labelgate.tokens.max-lifetime", "PT0S", "must be at least P1D, e.g. P90D"),
                bad("labelgate.tokens.max-lifetime", "PT23H59M", "must be at least P1D, e.g. P90D"),
                bad("labelgate.tokens.max-lifetime", "P367D", "must be at most PT8784H (366 days)"),
                bad("labelgate.tokens.max-lifetime", "90 days", "must be an ISO-8601 duration, e.g. PT30S"),
                bad("labelgate.tokens.expiry-warning", "PT59M", "must be at least PT1H, e.g. P14D"),
                bad("labelgate.tokens.expiry-warning", "P367D", "must be at most PT8784H (366 days)"),
                bad("labelgate.tokens.expiry-warning", "two weeks", "must be an ISO-8601 duration, e.g. PT30S"),
                bad("labelgate.engine", "wasm", "unknown engine \"wasm\"; supported: embedded, remote"),
                bad("labelgate.decision-cache.max-size", "-1", "must be 0 or a positive integer"),
                bad(
                        "labelgate.policy.bundle",
                        "policy.tar.gz",
                        "must be /WEB-INF/... in the WAR, an absolute file "
                                + "path or an http(s) URL, e.g. /WEB-INF/labelgate/policy.tar.gz"),
                bad(
                        "labelgate.policy.shadow",
                        "ftp://bundles.example/p.tar.gz",
                        "must be /WEB-INF/... in the WAR, "
                                + "an absolute file path or an http(s) URL, e.g. /WEB-INF/labelgate/policy.tar.gz"),
                bad("labelgate.policy.bundle.polling-interval", "PT0.5S", "must be at least PT1S"),
                bad("labelgate.policy.bundle.timeout", "PT0S", "must be positive, e.g. PT10S"),
                bad("labelgate.policy.shadow.sample-rate", "0", "must be more than 0 and at most 1, e.g. 0.1"),
                bad("labelgate.policy.shadow.sample-rate", "1.5", "must be more than 0 and at most 1, e.g. 0.1"),
                bad("labelgate.policy.shadow.sample-rate", "NaN", "must be more than 0 and at most 1, e.g. 0.1"),
                bad(
                        "labelgate.policy.shadow.sample-rate",
                        "half",
                        "must be a number more than 0 and at most 1, e.g. 0.1"),
                bad(
                        "labelgate.policy.bundle.verification-key",
                        "/etc/labelgate/bundle-key.pem",
                        "set, but there is no labelgate.policy.bundle or labelgate.policy.shadow to verify"));
    }

    private static Arguments bad(String key, String value, String problem) {
        return arguments(key, value, problem);
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("badValues")
    void refusesABadValueNamingItsKey(String key, String value, String problem) {
        ConfigurationException refused = assertThrows(ConfigurationException.class, () -> load(withRegion(key, value)));

        assertEquals(key, refused.key());
        assertEquals(key + ": " + problem, refused.getMessage());
    }

    @Test
    void remoteEngineWithoutUrlIsRefusedNamingTheUrlKey() {
        ConfigurationException refused = assertThrows(
                ConfigurationException.class,
                () -> load(Map.of("labelgate.app.region", "GRA", "labelgate.engine", "remote")));

        assertEquals(
                "labelgate.engine.remote.url: required with labelgate.engine=remote, e.g. http://127.0.0.1:8181",
                refused.getMessage());
    }

    @Test
    void aBundleWithTheRemoteEngineIsLeftToTheOpaServer() {
        LabelgateConfig config = load(Map.of(
                "labelgate.app.region",
                "GRA",
                "labelgate.engine",
                "remote",
                "labelgate.engine.remote.url",
                "http://127.0.0.1:8181",
                "labelgate.policy.bundle",
                "/WEB-INF/labelgate/policy.tar.gz"));

        assertEquals(EngineKind.REMOTE, config.engine().kind());
        assertEquals(
                Optional.of("/WEB-INF/labelgate/policy.tar.gz"), config.policy().bundle());
    }

    @Test
    void usesTheDefaultsWhenOnlyTheRegionIsSet() {
        LabelgateConfig config = load(Map.of("labelgate.app.region", "GRA"));

        assertEquals(
                new LabelgateConfig(
                        new AppConfig(
                                "ai-app",
                                Optional.empty(),
                                "GRA",
                                Map.of(),
                                "labelgate/",
                                "ai-app",
                                Path.of(System.getProperty("user.home"), ".labelgate"),
                                Optional.empty()),
                        new JwtConfig(
                                JwtSettings.defaults(),
                                Optional.empty(),
                                Optional.empty(),
                                Optional.empty(),
                                Optional.empty()),
                        new TokenCacheConfig(10_000, Duration.ofMinutes(5)),
                        new TokensConfig(Optional.empty(), Duration.ofDays(14)),
                        new EngineConfig(
                                EngineKind.EMBEDDED,
                                Math.min(Runtime.getRuntime().availableProcessors(), 4),
                                Duration.ofSeconds(1),
                                new RemoteEngineConfig(
                                        Optional.empty(),
                                        "labelgate/authz/decision",
                                        Duration.ofMillis(250),
                                        Duration.ofMillis(500),
                                        Duration.ofSeconds(1))),
                        new DecisionsConfig(10_000, false),
                        PolicyConfig.builtIn(),
                        new RegistryConfig(
                                "java:comp/DefaultDataSource",
                                Optional.empty(),
                                Optional.empty(),
                                Optional.empty(),
                                Duration.ofSeconds(2),
                                Optional.empty()),
                        new AdminConfig(false, "/labelgate/api", Optional.empty(), 20, false),
                        new ConsoleConfig("/labelgate", Duration.ofHours(12), 100),
                        new ManageConfig(""),
                        new DemoConfig(false),
                        new AuditConfig(AuditConfig.DEFAULT_RETENTION),
                        new MetricsConfig(true, "/labelgate/metrics", Optional.empty()),
                        new JakartaSecurityConfig(false)),
                config);
    }

    /**
     * A value for every key, most unlike their defaults; {@link ConfigurationKeysTest} checks that
     * none is missing.
     */
    static Map<String, String> everyKey() {
        Map<String, String> values = new HashMap<>();
        values.put("labelgate.app.name", "billing");
        values.put("labelgate.app.id", "6f1c2a3e-0000-4000-8000-000000000001");
        values.put("labelgate.app.region", " BHS ");
        values.put("labelgate.app.labels", "group=A, tier=gpu");
        values.put("labelgate.labels.reserved-prefix", "ovh/");
        values.put("labelgate.realm", "Billing");
        values.put("labelgate.data-dir", "/var/lib/labelgate");
        values.put("labelgate.jwt.issuer", "https://issuer.example");
        values.put("labelgate.jwt.audience", "billing");
        values.put("labelgate.jwt.algorithms", "ES256, EdDSA");
        values.put("labelgate.jwt.clock-skew", "PT5S");
        values.put("labelgate.jwt.require-expiry", "TRUE");
        values.put("labelgate.jwt.jwks-file", "/etc/labelgate/jwks.json");
        values.put("labelgate.jwt.jwks-url", "https://issuer.example/.well-known/jwks.json");
        values.put("labelgate.jwt.public-key-file", "/etc/labelgate/key.pem");
        values.put("labelgate.jwt.signing-key-file", "/etc/labelgate/signing.jwk.json");
        values.put("labelgate.token-cache.max-size", "50");
        values.put("labelgate.token-cache.max-age", "PT1M");
        values.put("labelgate.tokens.max-lifetime", "P90D");
        values.put("labelgate.tokens.expiry-warning", "P30D");
        values.put("labelgate.engine", "embedded");
        values.put("labelgate.engine.remote.url", "http://127.0.0.1:8181");
        values.put("labelgate.engine.remote.path", "authz/decision");
        values.put("labelgate.engine.remote.connect-timeout", "PT0.1S");
        values.put("labelgate.engine.remote.timeout", "PT0.3S");
        values.put("labelgate.engine.remote.open-interval", "PT2S");
        values.put("labelgate.decision-cache.max-size", "0");
        values.put("labelgate.engine.pool-size", "3");
        values.put("labelgate.engine.acquire-timeout", "PT0.25S");
        values.put("labelgate.demo.enabled", "false");
        values.put("labelgate.audit.retention", "P90D");
        values.put("labelgate.registry.datasource", "java:app/jdbc/labelgate");
        values.put("labelgate.registry.jdbc-url", "jdbc:postgresql://db.example:5432/labelgate");
        values.put("labelgate.registry.user", "labelgate");
        values.put("labelgate.registry.password", "db-password");
        values.put("labelgate.revocation.max-staleness", "PT1S");
        values.put("labelgate.keys.encryption-key", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");
        values.put("labelgate.app.base-url", "https://billing.example");
        values.put("labelgate.admin.enabled", "true");
        values.put("labelgate.admin.path", "/admin/labelgate");
        values.put("labelgate.admin.secret", "an-admin-secret-of-some-length");
        values.put("labelgate.console.path", "/gate");
        values.put("labelgate.manage.paths", "POST /models/*, DELETE /models/*");
        values.put("labelgate.session.lifetime", "PT1H");
        values.put("labelgate.login.max-failures-per-hour", "5");
        values.put("labelgate.decision-log.allowed", "true");
        values.put("labelgate.admin.max-failures-per-hour", "7");
        values.put("labelgate.admin.container-login", "true");
        values.put("labelgate.policy.bundle", "https://bundles.example/billing.tar.gz");
        values.put("labelgate.policy.bundle.verification-key", "/etc/labelgate/bundle-key.pem");
        values.put("labelgate.policy.bundle.polling-interval", "PT5S");
        values.put("labelgate.policy.bundle.credential", "bundle-server-credential");
        values.put("labelgate.policy.bundle.timeout", "PT3S");
        values.put("labelgate.policy.shadow", "/WEB-INF/labelgate/next-policy.tar.gz");
        values.put("labelgate.policy.shadow.sample-rate", "0.25");
        values.put("labelgate.metrics.enabled", "false");
        values.put("labelgate.metrics.path", "/gate/prometheus");
        values.put("labelgate.metrics.secret", "a-metrics-secret-to-scrape-with");
        values.put("labelgate.jakarta-security.enabled", "true");
        return values;
    }

    @Test
    void readsEveryKey() {
        assertEquals(
                new LabelgateConfig(
                        new AppConfig(
                                "billing",
                                Optional.of(UUID.fromString("6f1c2a3e-0000-4000-8000-000000000001")),
                                "BHS",
                                Map.of("group", "A", "tier", "gpu"),
                                "ovh/",
                                "Billing",
                                Path.of("/var/lib/labelgate"),
                                Optional.of("https://billing.example")),
                        new JwtConfig(
                                new JwtSettings(
                                        "https://issuer.example",
                                        "billing",
                                        new LinkedHashSet<>(List.of("ES256", "EdDSA")),
                                        Duration.ofSeconds(5),
                                        true),
                                Optional.of(Path.of("/etc/labelgate/jwks.json")),
                                Optional.of(URI.create("https://issuer.example/.well-known/jwks.json")),
                                Optional.of(Path.of("/etc/labelgate/key.pem")),
                                Optional.of(Path.of("/etc/labelgate/signing.jwk.json"))),
                        new TokenCacheConfig(50, Duration.ofMinutes(1)),
                        new TokensConfig(Optional.of(Duration.ofDays(90)), Duration.ofDays(30)),
                        new EngineConfig(
                                EngineKind.EMBEDDED,
                                3,
                                Duration.ofMillis(250),
                                new RemoteEngineConfig(
                                        Optional.of(URI.create("http://127.0.0.1:8181")),
                                        "authz/decision",
                                        Duration.ofMillis(100),
                                        Duration.ofMillis(300),
                                        Duration.ofSeconds(2))),
                        new DecisionsConfig(0, true),
                        new PolicyConfig(
                                Optional.of("https://bundles.example/billing.tar.gz"),
                                Optional.of("/etc/labelgate/bundle-key.pem"),
                                Duration.ofSeconds(5),
                                Optional.of(Secret.of("bundle-server-credential")),
                                Duration.ofSeconds(3),
                                Optional.of("/WEB-INF/labelgate/next-policy.tar.gz"),
                                0.25),
                        new RegistryConfig(
                                "java:app/jdbc/labelgate",
                                Optional.of("jdbc:postgresql://db.example:5432/labelgate"),
                                Optional.of("labelgate"),
                                Optional.of(Secret.of("db-password")),
                                Duration.ofSeconds(1),
                                Optional.of(Secret.of("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="))),
                        new AdminConfig(
                                true,
                                "/admin/labelgate",
                                Optional.of(Secret.of("an-admin-secret-of-some-length")),
                                7,
                                true),
                        new ConsoleConfig("/gate", Duration.ofHours(1), 5),
                        new ManageConfig("POST /models/*, DELETE /models/*"),
                        new DemoConfig(false),
                        new AuditConfig(Duration.ofDays(90)),
                        new MetricsConfig(
                                false, "/gate/prometheus", Optional.of(Secret.of("a-metrics-secret-to-scrape-with"))),
                        new JakartaSecurityConfig(true)),
                load(everyKey()));
    }

    @Test
    void usesAConfiguredAppNameEvenWhenTheContextRootIsNotAValidName() {
        LabelgateConfig config = LabelgateConfig.load(
                ConfigLookup.of(Map.of("labelgate.app.region", "GRA", "labelgate.app.name", "ai-app")), "my app");

        assertEquals("ai-app", config.app().name());
    }

    @Test
    void refusesAContextRootThatIsNotAValidNameWhenNoNameIsConfigured() {
        ConfigurationException refused = assertThrows(
                ConfigurationException.class,
                () -> LabelgateConfig.load(ConfigLookup.of(Map.of("labelgate.app.region", "GRA")), "my app"));

        assertEquals("labelgate.app.name", refused.key());
        assertEquals(
                "labelgate.app.name: not set, and the context root \"my app\" is not a valid name: must be 1-63 "
                        + "letters, digits, '.', '_' or '-', e.g. ai-app",
                refused.getMessage());
    }

    @Test
    void fallsBackToASecondLookupForKeysTheFirstLacks() {
        ConfigLookup lookup = ConfigLookup.of(Map.of("labelgate.app.region", "GRA"))
                .orElse(ConfigLookup.of(Map.of("labelgate.app.region", "BHS", "labelgate.realm", "fallback")));

        LabelgateConfig config = LabelgateConfig.load(lookup, "ai-app");

        assertEquals("GRA", config.app().region());
        assertEquals("fallback", config.app().realm());
    }

    @Test
    void acceptsEveryAlgorithmLabelgateSupports() {
        LabelgateConfig config =
                load(withRegion("labelgate.jwt.algorithms", "RS256,RS384,RS512,PS256,ES256,ES384,EdDSA"));

        assertEquals(
                Set.of("RS256", "RS384", "RS512", "PS256", "ES256", "ES384", "EdDSA"),
                config.jwt().settings().algorithms());
    }
}
