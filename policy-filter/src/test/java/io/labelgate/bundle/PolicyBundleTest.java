package io.labelgate.bundle;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.labelgate.decision.Decision;
import io.labelgate.decision.DecisionInput;
import io.labelgate.decision.DecisionInput.SelectorInput;
import io.labelgate.decision.EmbeddedWasmEngine;
import io.labelgate.decision.OpaServer;
import io.labelgate.decision.PolicyModule;
import io.labelgate.decision.PolicyView;
import io.labelgate.decision.RequestScope;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.keys.HmacKey;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Bundles as a deployer builds them (policies/bundle.sh and the real OPA) read, verified and run
 * by the embedded engine: custom rules with their reasons, rules that read the path and data,
 * signatures, and what each bundle tells the decision cache.
 */
@EnabledIfSystemProperty(named = OpaServer.PROPERTY, matches = ".+", disabledReason = OpaServer.NEEDS_OPA)
class PolicyBundleTest {

    static final String APP_ID = "0b6c5f6e-3f4e-4a8e-9a53-7d3c2f1e0a11";
    private static final String ITEMS_RULE = """
            package labelgate.custom

            deny contains "item 13 is closed" if input.request.path == "/api/items/13"
            """;

    @TempDir
    static Path work;

    private static byte[] itemsRule;
    private static byte[] dataRule;
    /** The items rule, signed with {@link #signer}'s private key. */
    private static byte[] signedItems;

    private static KeyPair signer;

    /** A read token scoped by group=A asking an app labelled group=A in its region. */
    static DecisionInput ask(String role, String method, String path, String action, List<SelectorInput> selectors) {
        return new DecisionInput(
                new DecisionInput.TokenInput("tok-1", role, "GRA", false, selectors),
                new DecisionInput.AppInput(
                        APP_ID, "GRA", Map.of("group", "A", "labelgate/id", APP_ID, "labelgate/type", "app")),
                new DecisionInput.RequestInput(method, path, action));
    }

    static DecisionInput ask(String method, String path) {
        return ask("read", method, path, "read", List.of(new SelectorInput("group", "In", List.of("A"))));
    }

    static EmbeddedWasmEngine engine(PolicyModule policy) {
        EmbeddedWasmEngine engine = EmbeddedWasmEngine.awaitingPolicy(1, Duration.ofSeconds(5));
        engine.load(policy);
        return engine;
    }

    @BeforeAll
    static void buildBundles() throws Exception {
        itemsRule = TestBundles.build(work, "items", Map.of("items.rego", ITEMS_RULE));
        Files.writeString(work.resolve("data.json"), """
                {"labelgate": {"custom_data": {"closed": ["/api/reports"]}}}
                """, StandardCharsets.UTF_8);
        Path key = work.resolve("signing-items.pem");
        signer = TestBundles.rsaKey(key);
        signedItems = TestBundles.build(
                work, "signed-items", Map.of("items.rego", ITEMS_RULE), "--signing-key", key.toString());
        dataRule = TestBundles.build(
                work,
                "data",
                Map.of("closed.rego", """
                package labelgate.custom

                deny contains "this path is closed" if input.request.path in data.labelgate.custom_data.closed
                """),
                "--data",
                work.resolve("data.json").toString());
    }

    @Test
    void theSamplesRuleDeniesWithItsReasonAndTheBuiltInRulesStillHold() throws Exception {
        PolicyModule sample = PolicyBundle.read(Files.readAllBytes(TestBundles.SAMPLE), Optional.empty(), "sample");
        List<SelectorInput> group = List.of(new SelectorInput("group", "In", List.of("A")));
        List<SelectorInput> byId = List.of(new SelectorInput("labelgate/id", "In", List.of(APP_ID)));

        try (EmbeddedWasmEngine engine = engine(sample)) {
            assertEquals(
                    new Decision(
                            false, List.of("reloading the model needs a token scoped to this app by labelgate/id")),
                    engine.decide(ask("operator", "POST", "/api/model/reload", "manage", group)));
            assertEquals(
                    new Decision(true, List.of()),
                    engine.decide(ask("operator", "POST", "/api/model/reload", "manage", byId)));
            assertEquals(
                    new Decision(true, List.of()), engine.decide(ask("operator", "GET", "/api/model", "read", group)));
            assertEquals(
                    new Decision(false, List.of("role \"read\" does not permit action \"manage\"")),
                    engine.decide(ask("read", "POST", "/api/model/reload", "manage", byId)));
        }
        assertEquals(RequestScope.METHOD_PATH_AND_ACTION, sample.scope());
        assertEquals(PolicyView.Caching.UNTIL_EVICTED, sample.caching());
    }

    @Test
    void aRuleThatReadsThePathDecidesTwoPathsDifferentlyAndItsBundleSaysSo() throws Exception {
        PolicyModule items = PolicyBundle.read(itemsRule, Optional.empty(), "items");

        try (EmbeddedWasmEngine engine = engine(items)) {
            assertEquals(new Decision(false, List.of("item 13 is closed")), engine.decide(ask("GET", "/api/items/13")));
            assertEquals(new Decision(true, List.of()), engine.decide(ask("GET", "/api/items/12")));
        }
        assertEquals(RequestScope.PATH_AND_ACTION, items.scope());
    }

    @Test
    void aRuleReadsTheBundlesData() throws Exception {
        try (EmbeddedWasmEngine engine = engine(PolicyBundle.read(dataRule, Optional.empty(), "data"))) {
            assertEquals(
                    new Decision(false, List.of("this path is closed")), engine.decide(ask("GET", "/api/reports")));
            assertEquals(new Decision(true, List.of()), engine.decide(ask("GET", "/api/items")));
        }
    }

    @Test
    void aBundleThatSaysNothingOfWhatItReadsIsKeyedOnTheWholeRequestForTheBoundOnly() throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>(BundleArchive.read(itemsRule));
        files.put(".manifest", "{\"revision\": \"plain\"}".getBytes(StandardCharsets.UTF_8));

        PolicyModule plain = PolicyBundle.read(TestBundles.pack(files), Optional.empty(), "plain");

        assertEquals(RequestScope.METHOD_PATH_AND_ACTION, plain.scope());
        assertEquals(PolicyView.Caching.FOR_REVOCATION_BOUND, plain.caching());
        assertTrue(plain.name().startsWith("plain (revision \"plain\", sha256 "), plain.name());
    }

    @Test
    void aSignedBundleIsAcceptedWithItsKeyAndAJsonDocumentHashedCanonically() throws Exception {
        Path key = work.resolve("signing.pem");
        KeyPair pair = TestBundles.rsaKey(key);
        // strings and numbers whose canonical form differs from the file's text
        Files.writeString(work.resolve("tricky.json"), """
                {"labelgate": {"custom_data": {"closed": ["/api/r\\u00e9ports", "/a\\"b", "/tab\\t<&>\\u2028"],
                  "zz": 1.50, "aa": [1e3, -0, 10000000000000000000001], "é": null, "\\u0001": true}}}
                """, StandardCharsets.UTF_8);
        byte[] signed = TestBundles.build(
                work,
                "signed",
                Map.of("closed.rego", """
                package labelgate.custom

                deny contains "this path is closed" if input.request.path in data.labelgate.custom_data.closed
                """),
                "--data",
                work.resolve("tricky.json").toString(),
                "--signing-key",
                key.toString());

        PolicyModule policy =
                PolicyBundle.read(signed, Optional.of(BundleVerifier.of(TestBundles.publicPem(pair))), "signed");

        try (EmbeddedWasmEngine engine = engine(policy)) {
            assertEquals(
                    new Decision(false, List.of("this path is closed")), engine.decide(ask("GET", "/api/réports")));
            assertEquals(new Decision(false, List.of("this path is closed")), engine.decide(ask("GET", "/a\"b")));
        }
    }

    @Test
    void aTamperedSignedBundleOrAnotherKeyOrNoSignatureIsRefusedSayingWhy() throws Exception {
        KeyPair pair = signer;
        byte[] signed = signedItems;
        Optional<BundleVerifier> verifier = Optional.of(BundleVerifier.of(TestBundles.publicPem(pair)));
        Map<String, byte[]> files = BundleArchive.read(signed);

        Map<String, byte[]> wasmChanged = new LinkedHashMap<>(files);
        byte[] wasm = wasmChanged.get("policy.wasm").clone();
        wasm[wasm.length - 1] ^= 1;
        wasmChanged.put("policy.wasm", wasm);
        Map<String, byte[]> dataChanged = new LinkedHashMap<>(files);
        dataChanged.put(
                "data.json", "{\"labelgate\": {\"custom_data\": {\"open\": true}}}".getBytes(StandardCharsets.UTF_8));
        Map<String, byte[]> fileAdded = new LinkedHashMap<>(files);
        fileAdded.put("extra/data.json", "{}".getBytes(StandardCharsets.UTF_8));
        Map<String, byte[]> fileRemoved = new LinkedHashMap<>(files);
        fileRemoved.remove("data.json");
        Map<String, byte[]> unsigned = new LinkedHashMap<>(files);
        unsigned.remove(".signatures.json");
        KeyPair other = TestBundles.rsaKey(work.resolve("other.pem"));

        assertRefused(
                "the bundle's file policy.wasm does not match its signature: it was changed after signing",
                TestBundles.pack(wasmChanged),
                verifier);
        assertRefused(
                "the bundle's file data.json does not match its signature: it was changed after signing",
                TestBundles.pack(dataChanged),
                verifier);
        assertRefused(
                "the bundle's file extra/data.json is not covered by its signature",
                TestBundles.pack(fileAdded),
                verifier);
        assertRefused(
                "the bundle's signature lists files it does not hold: [data.json]",
                TestBundles.pack(fileRemoved),
                verifier);
        assertRefused(
                "the bundle is not signed (no .signatures.json), and a verification key is configured",
                TestBundles.pack(unsigned),
                verifier);
        assertRefused(
                "the bundle's signature does not verify with the configured verification key",
                signed,
                Optional.of(BundleVerifier.of(TestBundles.publicPem(other))));
        assertRefused(
                "the bundle is signed, but no verification key is configured (labelgate.policy.bundle."
                        + "verification-key): a signature labelgate cannot check is refused",
                signed,
                Optional.empty());
        // reformatting a JSON file is not tampering: its value is what is signed
        Map<String, byte[]> reformatted = new LinkedHashMap<>(files);
        reformatted.put(
                "data.json",
                ("  " + new String(files.get("data.json"), StandardCharsets.UTF_8) + "\n\n")
                        .getBytes(StandardCharsets.UTF_8));
        PolicyBundle.read(TestBundles.pack(reformatted), verifier, "reformatted");
    }

    /** The classic confusion: an HMAC signature keyed with the public key's bytes. */
    @Test
    void aSymmetricSignatureIsRefusedEvenKeyedWithThePublicKey() throws Exception {
        KeyPair pair = signer;
        byte[] signed = signedItems;
        Map<String, byte[]> files = new LinkedHashMap<>(BundleArchive.read(signed));
        String original = new ObjectMapper()
                .readTree(files.get(".signatures.json"))
                .path("signatures")
                .get(0)
                .asText();
        JsonWebSignature hmac = new JsonWebSignature();
        hmac.setPayload(new String(Base64.getUrlDecoder().decode(original.split("\\.")[1]), StandardCharsets.UTF_8));
        hmac.setAlgorithmHeaderValue(AlgorithmIdentifiers.HMAC_SHA256);
        hmac.setKey(new HmacKey(TestBundles.publicPem(pair).getBytes(StandardCharsets.US_ASCII)));
        hmac.setDoKeyValidation(false);
        files.put(
                ".signatures.json",
                ("{\"signatures\": [\"" + hmac.getCompactSerialization() + "\"]}").getBytes(StandardCharsets.UTF_8));

        BundleException refused = assertThrows(
                BundleException.class,
                () -> PolicyBundle.read(
                        TestBundles.pack(files), Optional.of(BundleVerifier.of(TestBundles.publicPem(pair))), "hmac"));

        assertTrue(
                refused.getMessage().startsWith("the bundle's signature is not a JWS labelgate accepts: "),
                refused.getMessage());
        assertTrue(refused.getMessage().contains("HS256"), refused.getMessage());
    }

    @Test
    void aJwksVerifiesByKeyId() throws Exception {
        KeyPair pair = signer;
        byte[] signed = signedItems;
        RsaJsonWebKey jwk = new RsaJsonWebKey((RSAPublicKey) pair.getPublic());
        String jwks = "{\"keys\": [" + jwk.toJson() + "]}";

        PolicyBundle.read(signed, Optional.of(BundleVerifier.of(jwks)), "jwks");
    }

    @Test
    void aLinkInTheArchiveOrASignaturesFileBelowItsRootIsRefused() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
            TarArchiveEntry link = new TarArchiveEntry("policy.wasm", TarConstants.LF_SYMLINK);
            link.setLinkName("/etc/passwd");
            tar.putArchiveEntry(link);
            tar.closeArchiveEntry();
        }
        Map<String, byte[]> nested = new LinkedHashMap<>(BundleArchive.read(signedItems));
        nested.put("x/.signatures.json", nested.get(".signatures.json"));

        assertRefused("the bundle's entry policy.wasm is not a regular file", bytes.toByteArray(), Optional.empty());
        assertRefused(
                "the bundle holds x/.signatures.json; its only signatures file is .signatures.json at its root",
                TestBundles.pack(nested),
                Optional.of(BundleVerifier.of(TestBundles.publicPem(signer))));
    }

    /**
     * A rule that reads the clock (the weekend example): its bundle says it is not deterministic,
     * so no decision of it is remembered, and the embedded engine gives it the wall clock.
     */
    @Test
    void aRuleThatReadsTheClockIsNeverCachedAndRunsInTheEmbeddedEngine() throws Exception {
        Path example = Path.of("..", "policies", "examples", "no_admin_on_weekends")
                .toAbsolutePath()
                .normalize();
        Map<String, String> rules = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(example)) {
            for (Path file : files.toList()) {
                rules.put(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8));
            }
        }
        PolicyModule weekends =
                PolicyBundle.read(TestBundles.build(work, "weekends", rules), Optional.empty(), "weekends");

        assertEquals(PolicyView.Caching.NEVER, weekends.caching());
        try (EmbeddedWasmEngine engine = engine(weekends)) {
            DayOfWeek before = LocalDate.now(ZoneOffset.UTC).getDayOfWeek();
            Decision decision = engine.decide(ask("GET", "/admin/users"));
            DayOfWeek after = LocalDate.now(ZoneOffset.UTC).getDayOfWeek();
            assumeTrue(before == after, "decided across midnight UTC");
            boolean weekend = before == DayOfWeek.SATURDAY || before == DayOfWeek.SUNDAY;
            assertEquals(
                    weekend
                            ? new Decision(false, List.of("/admin is closed on weekends (Saturday and Sunday, UTC)"))
                            : new Decision(true, List.of()),
                    decision);
            assertEquals(PolicyView.Caching.NEVER, engine.policyView().caching());
        }
    }

    @Test
    void anArchiveThatIsNotABundleIsRefusedSayingWhy() throws Exception {
        assertRefused(
                "the bundle is not a gzipped tar archive: Not in GZIP format",
                "not a bundle".getBytes(StandardCharsets.UTF_8),
                Optional.empty());
        assertRefused(
                "the bundle holds no Wasm module policy.wasm: build it with opa build --target wasm "
                        + "--entrypoint labelgate/authz/decision",
                TestBundles.pack(Map.of("authz.rego", "package x".getBytes(StandardCharsets.UTF_8))),
                Optional.empty());
        assertRefused(
                "the bundle's entry name \"../policy.wasm\" is not a plain relative path",
                TestBundles.pack(Map.of("../policy.wasm", new byte[] {0})),
                Optional.empty());
        Map<String, byte[]> badManifest = new LinkedHashMap<>(BundleArchive.read(itemsRule));
        badManifest.put(
                ".manifest",
                "{\"metadata\": {\"labelgate\": {\"request\": [\"action\", \"host\"], \"deterministic\": true}}}"
                        .getBytes(StandardCharsets.UTF_8));
        assertRefused(
                "the bundle's manifest metadata.labelgate.request: \"host\" is not a field of input.request; "
                        + "it has action, method, path",
                TestBundles.pack(badManifest),
                Optional.empty());
    }

    @Test
    void aPolicyThatAllowsAnEmptyInputIsRefusedAndTheRunningOneKeepsDeciding() throws Exception {
        // a whole policy of its own (not labelgate's plus custom rules), which allows everything
        Path dir = work.resolve("allow-all");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("allow.rego"), """
                package labelgate.authz

                decision := {"allow": true, "reasons": []}
                """, StandardCharsets.UTF_8);
        Process build = new ProcessBuilder(
                        OpaServer.executable().toString(),
                        "build",
                        "--target",
                        "wasm",
                        "--entrypoint",
                        "labelgate/authz/decision",
                        "--output",
                        "allow.tar.gz",
                        "allow.rego")
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("build.log").toFile())
                .start();
        assertTrue(
                build.waitFor(60, TimeUnit.SECONDS) && build.exitValue() == 0,
                () -> "opa build failed: " + dir.resolve("build.log"));
        byte[] allowAll = BundleArchive.read(Files.readAllBytes(dir.resolve("allow.tar.gz")))
                .get("policy.wasm");

        try (EmbeddedWasmEngine engine = engine(PolicyBundle.read(itemsRule, Optional.empty(), "items"))) {
            long before = engine.policyView().revision();
            IllegalArgumentException refused = assertThrows(
                    IllegalArgumentException.class,
                    () -> engine.load(new PolicyModule(
                            allowAll,
                            PolicyModule.NO_DATA,
                            RequestScope.ACTION,
                            PolicyView.Caching.UNTIL_EVICTED,
                            "allow-all")));

            assertEquals(
                    "the policy allow-all allows an empty input: refused, a policy must deny what it cannot read",
                    refused.getMessage());
            assertEquals(before, engine.policyView().revision());
            assertEquals(new Decision(false, List.of("item 13 is closed")), engine.decide(ask("GET", "/api/items/13")));
        }
    }

    private static void assertRefused(String message, byte[] archive, Optional<BundleVerifier> verifier) {
        BundleException refused =
                assertThrows(BundleException.class, () -> PolicyBundle.read(archive, verifier, "test"));
        assertEquals(message, refused.getMessage());
    }
}
