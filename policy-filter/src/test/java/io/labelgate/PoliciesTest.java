package io.labelgate;

import io.labelgate.config.ConfigLookup;
import io.labelgate.config.ConfigurationException;
import io.labelgate.config.LabelgateConfig;
import org.junit.jupiter.api.Test;

import java.security.KeyPairGenerator;
import java.time.Clock;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Where a policy may come from: what labelgate refuses to start with, naming the key. */
class PoliciesTest {

    private static String publicKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder()
                        .encodeToString(generator.generateKeyPair().getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    private static ConfigurationException refused(Map<String, String> extra) {
        Map<String, String> values = new HashMap<>(Map.of("labelgate.app.region", "GRA"));
        values.putAll(extra);
        LabelgateConfig config = LabelgateConfig.load(ConfigLookup.of(values), "ai-app");
        return assertThrows(
                ConfigurationException.class, () -> Policies.start(config, path -> null, Clock.systemUTC()));
    }

    @Test
    void anUnsignedBundleOverPlainHttpFromAnotherHostIsRefused() {
        ConfigurationException refused =
                refused(Map.of("labelgate.policy.bundle", "http://bundles.example/ai-app.tar.gz"));

        assertEquals("labelgate.policy.bundle", refused.key());
        assertEquals(
                "labelgate.policy.bundle: a bundle fetched over plain http from another host must be signed: "
                        + "set labelgate.policy.bundle.verification-key, or use https",
                refused.getMessage());
    }

    @Test
    void aCredentialIsNeverSentInClearTextToAnotherHost() throws Exception {
        ConfigurationException refused = refused(Map.of(
                "labelgate.policy.bundle", "http://bundles.example/ai-app.tar.gz?signature=presigned-secret",
                "labelgate.policy.bundle.verification-key", publicKey(),
                "labelgate.policy.bundle.credential", "bundle-credential-never-logged"));

        assertEquals("labelgate.policy.bundle.credential", refused.key());
        assertEquals(
                "labelgate.policy.bundle.credential: would be sent in clear text to "
                        + "http://bundles.example/ai-app.tar.gz?…: use https",
                refused.getMessage());
        assertFalse(refused.getMessage().contains("presigned-secret"), "a URL's query is not shown");
    }

    @Test
    void aVerificationKeyThatIsNeitherPemNorJwksNorAFileIsRefusedNamingItsKey() {
        ConfigurationException refused = refused(Map.of(
                "labelgate.policy.bundle", "/WEB-INF/labelgate/policy.tar.gz",
                "labelgate.policy.bundle.verification-key", "/no/such/key.pem"));

        assertEquals("labelgate.policy.bundle.verification-key", refused.key());
    }
}
