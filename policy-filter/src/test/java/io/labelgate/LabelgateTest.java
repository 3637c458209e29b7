package io.labelgate;

import io.labelgate.config.ConfigLookup;
import io.labelgate.config.ConfigurationException;
import io.labelgate.config.LabelgateConfig;
import io.labelgate.http.AuthError;
import io.labelgate.http.Outcome;
import io.labelgate.http.TestRequest;
import io.labelgate.http.TokenPrincipal;
import io.labelgate.metrics.Scrape;
import io.labelgate.registry.KeyEncryption;
import io.labelgate.registry.TestDataSources;
import io.labelgate.token.SigningKey;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LabelgateTest {

    @TempDir
    Path dataDir;

    private LabelgateConfig config(Map<String, String> extra) {
        Map<String, String> values = new java.util.HashMap<>(extra);
        values.put("labelgate.app.region", "GRA");
        values.put("labelgate.data-dir", dataDir.toString());
        values.put("labelgate.engine.pool-size", "1");
        return LabelgateConfig.load(ConfigLookup.of(values), "ai-app");
    }

    private static final String ENCRYPTION_KEY = KeyEncryption.generateBase64();

    private static Labelgate start(LabelgateConfig config) {
        return Labelgate.start(config, TestDataSources.h2());
    }

    @Test
    void countsTheRequestsOfTheStartedPipelineAndReadsItsGaugesAtScrape() throws Exception {
        try (Labelgate labelgate = start(config(Map.of("labelgate.demo.enabled", "true")))) {
            String token = Files.readString(dataDir.resolve("ai-app").resolve("demo-token"), StandardCharsets.US_ASCII)
                    .strip();
            labelgate.protection().pipeline().protect(TestRequest.bearer("/hello", token));
            labelgate.protection().pipeline().protect(TestRequest.bearer("/hello", token));
            labelgate.protection().pipeline().protect(TestRequest.get("/hello"));

            Scrape scrape =
                    Scrape.parse(labelgate.metrics().orElseThrow().scrape(null).body());

            assertEquals(2, scrape.value("labelgate_decisions_total{engine=\"embedded\",result=\"allowed\"}"));
            assertEquals(1, scrape.value("labelgate_decisions_total{engine=\"embedded\",result=\"401\"}"));
            assertEquals(1, scrape.value("labelgate_decision_cache_hits_total"));
            assertEquals(1, scrape.value("labelgate_decision_cache_misses_total"));
            assertEquals(1, scrape.value("labelgate_policy_info{revision=\"1\",source=\"built-in\"}"));
            assertEquals(2, scrape.value("labelgate_registry_revocation_bound_seconds"));
            double age = scrape.value("labelgate_registry_state_age_seconds");
            assertTrue(age >= 0 && age < 2, "age " + age);
            // the demo token, in whichever bucket its expiry puts it
            assertEquals(
                    1,
                    scrape.samples().entrySet().stream()
                            .filter(sample -> sample.getKey().startsWith("labelgate_tokens{"))
                            .mapToDouble(Map.Entry::getValue)
                            .sum());
            assertFalse(scrape.samples().keySet().stream()
                    .anyMatch(series -> series.startsWith("labelgate_remote_engine_breaker_state")));
        }
    }

    @Test
    void reportsTheRemoteEnginesBreakerAndCountsUnderEngineRemote() {
        Map<String, String> remote = Map.of(
                "labelgate.demo.enabled", "true",
                "labelgate.engine", "remote",
                // nothing listens there: the engine is not asked here
                "labelgate.engine.remote.url", "http://127.0.0.1:9");
        try (Labelgate labelgate = start(config(remote))) {
            labelgate.protection().pipeline().protect(TestRequest.get("/hello"));

            Scrape scrape =
                    Scrape.parse(labelgate.metrics().orElseThrow().scrape(null).body());

            assertEquals(1, scrape.value("labelgate_decisions_total{engine=\"remote\",result=\"401\"}"));
            assertEquals(1, scrape.value("labelgate_remote_engine_breaker_state{state=\"closed\"}"));
            assertEquals(0, scrape.value("labelgate_remote_engine_breaker_state{state=\"open\"}"));
            assertEquals(0, scrape.value("labelgate_remote_engine_breaker_state{state=\"half_open\"}"));
            assertEquals(1, scrape.value("labelgate_policy_info{revision=\"0\",source=\"opa-server\"}"));
        }
    }

    @Test
    void countsNothingWhenMetricsAreDisabled() {
        try (Labelgate labelgate =
                start(config(Map.of("labelgate.demo.enabled", "true", "labelgate.metrics.enabled", "false")))) {
            assertEquals(Optional.empty(), labelgate.metrics());
        }
    }

    @Test
    void demoModeWritesAPrivateKeyAndAReadTokenThatTheStartedLabelgateAllows() throws Exception {
        try (Labelgate labelgate = start(config(Map.of("labelgate.demo.enabled", "true")))) {
            Path tokenFile = dataDir.resolve("ai-app").resolve("demo-token");
            Path keyFile = dataDir.resolve("demo-keys-encryption.key");
            String token =
                    Files.readString(tokenFile, StandardCharsets.US_ASCII).strip();

            Outcome outcome = labelgate.protection().pipeline().protect(TestRequest.bearer("/hello", token));

            TokenPrincipal principal =
                    assertInstanceOf(Outcome.Allowed.class, outcome).principal();
            assertEquals("demo-ai-app", principal.getName());
            assertEquals(
                    "labelgate/id=" + labelgate.app().id(),
                    principal.claims().selector().toString());
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)));
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile)));
        }
    }

    /** The review's defect 7: on a persistent registry the previous demo string worked after a restart. */
    @Test
    void aRestartInDemoModeRevokesThePreviousDemoTokenOnAPersistentRegistry() throws Exception {
        JdbcDataSource persistent = new JdbcDataSource();
        persistent.setURL("jdbc:h2:file:" + dataDir.resolve("registry") + ";DB_CLOSE_DELAY=-1");
        Path tokenFile = dataDir.resolve("ai-app").resolve("demo-token");
        String before;
        try (Labelgate first = Labelgate.start(config(Map.of("labelgate.demo.enabled", "true")), persistent)) {
            before = Files.readString(tokenFile, StandardCharsets.US_ASCII).strip();
            assertInstanceOf(
                    Outcome.Allowed.class, first.protection().pipeline().protect(TestRequest.bearer("/", before)));
        }

        try (Labelgate second = Labelgate.start(config(Map.of("labelgate.demo.enabled", "true")), persistent)) {
            String after =
                    Files.readString(tokenFile, StandardCharsets.US_ASCII).strip();

            assertEquals(
                    new Outcome.Refused(AuthError.invalidToken("token revoked")),
                    second.protection().pipeline().protect(TestRequest.bearer("/", before)));
            TokenPrincipal principal = assertInstanceOf(
                            Outcome.Allowed.class,
                            second.protection().pipeline().protect(TestRequest.bearer("/", after)))
                    .principal();
            assertEquals(2, principal.claims().generation());
        }
    }

    @Test
    void challengesARequestWithoutTokenInTheConfiguredRealm() {
        try (Labelgate labelgate =
                start(config(Map.of("labelgate.demo.enabled", "true", "labelgate.realm", "AI App")))) {
            Outcome outcome = labelgate.protection().pipeline().protect(TestRequest.get("/hello"));

            assertEquals(new Outcome.Refused(AuthError.missingToken()), outcome);
            assertEquals(
                    "Bearer realm=\"AI App\"",
                    labelgate.protection().refusal(AuthError.missingToken()).wwwAuthenticate());
        }
    }

    @Test
    void refusesToStartWithoutTheKeyThatEncryptsSigningKeysOutsideDemoMode() {
        ConfigurationException refused = assertThrows(ConfigurationException.class, () -> start(config(Map.of())));

        assertEquals("labelgate.keys.encryption-key", refused.key());
        assertEquals(
                "labelgate.keys.encryption-key: required to protect the signing keys kept in the registry: "
                        + "base64 of 32 random bytes (openssl rand -base64 32), or the environment variable "
                        + "LABELGATE_KEYS_ENCRYPTION_KEY",
                refused.getMessage());
    }

    @Test
    void refusesASigningKeyFileWithoutPrivatePartNamingItsKey() throws Exception {
        Path file = Files.writeString(
                dataDir.resolve("public.jwk.json"),
                SigningKey.generate("RS256").publicJwk().toJson());

        ConfigurationException refused = assertThrows(
                ConfigurationException.class,
                () -> start(config(Map.of("labelgate.jwt.signing-key-file", file.toString()))));

        assertEquals("labelgate.jwt.signing-key-file", refused.key());
        assertEquals("labelgate.jwt.signing-key-file: the signing key JWK has no private part", refused.getMessage());
    }

    @Test
    void refusesAJwksFileHoldingASymmetricKeyNamingItsKey() throws Exception {
        Path file = Files.writeString(
                dataDir.resolve("jwks.json"),
                "{\"keys\":[{\"kty\":\"oct\",\"kid\":\"h\",\"k\":\"" + "A".repeat(43) + "\"}]}");

        ConfigurationException refused = assertThrows(
                ConfigurationException.class,
                () -> start(config(Map.of(
                        "labelgate.jwt.jwks-file", file.toString(), "labelgate.keys.encryption-key", ENCRYPTION_KEY))));

        assertEquals(
                "labelgate.jwt.jwks-file: JWKS holds a oct key; only public RSA, EC and OKP keys verify "
                        + "labelgate tokens",
                refused.getMessage());
    }
}
