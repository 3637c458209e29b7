package io.labelgate.token;

import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class SigningKeyTest {

    private static final String SUPPORTED = "[RS256, RS384, RS512, PS256, ES256, ES384, EdDSA]";

    @Test
    void printsOnlyItsKeyIdAndAlgorithm() {
        SigningKey key = SigningKey.generate("RS256");

        assertEquals("SigningKey[kid=" + key.keyId() + ", alg=RS256]", key.toString());
    }

    @Test
    void publicHalfHasNoPrivatePart() {
        SigningKey key = SigningKey.generate("ES256");

        assertNull(key.publicJwk().getPrivateKey());
        assertEquals(key.keyId(), key.publicJwk().getKeyId());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"RS256", "RS384", "RS512", "PS256", "ES256", "ES384", "EdDSA"})
    void readsBackTheKeyItStored(String algorithm) {
        SigningKey key = SigningKey.generate(algorithm);

        SigningKey read = SigningKey.fromPrivateJwkJson(key.toPrivateJwkJson());

        assertEquals(key.toString(), read.toString());
        assertEquals(key.privateKey(), read.privateKey());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"HS256", "none", "RS1", "ES512"})
    void refusesToGenerateAKeyForAnUnsupportedAlgorithm(String algorithm) {
        IllegalArgumentException refused =
                assertThrows(IllegalArgumentException.class, () -> SigningKey.generate(algorithm));
        assertEquals("signing algorithm must be one of " + SUPPORTED + ", not " + algorithm, refused.getMessage());
    }

    static Stream<Arguments> unusableJwks() throws Exception {
        PublicJsonWebKey rsa = PublicJsonWebKey.Factory.newPublicJwk(
                SigningKey.generate("RS256").toPrivateJwkJson());
        String publicOnly = rsa.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
        PublicJsonWebKey noKid =
                PublicJsonWebKey.Factory.newPublicJwk(rsa.toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE));
        noKid.setKeyId(null);
        PublicJsonWebKey hs256 =
                PublicJsonWebKey.Factory.newPublicJwk(rsa.toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE));
        hs256.setAlgorithm("HS256");
        PublicJsonWebKey noAlg =
                PublicJsonWebKey.Factory.newPublicJwk(rsa.toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE));
        noAlg.setAlgorithm(null);
        return Stream.of(
                arguments("public only", publicOnly, "the signing key JWK has no private part"),
                arguments(
                        "symmetric",
                        "{\"kty\":\"oct\",\"kid\":\"h\",\"alg\":\"HS256\",\"k\":\"" + "A".repeat(43) + "\"}",
                        "the signing key must be an RSA, EC or OKP key, not oct"),
                arguments(
                        "no kid",
                        noKid.toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE),
                        "the signing key JWK needs a \"kid\""),
                arguments(
                        "HS256 on an RSA key",
                        hs256.toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE),
                        "signing algorithm must be one of " + SUPPORTED + ", not HS256"),
                arguments(
                        "no alg",
                        noAlg.toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE),
                        "signing algorithm must be one of " + SUPPORTED + ", not null"),
                arguments("not JSON", "not json", "the signing key is not a valid JWK"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unusableJwks")
    void refusesAJwkThatCannotSignLabelgateTokens(String name, String json, String message) {
        IllegalArgumentException refused =
                assertThrows(IllegalArgumentException.class, () -> SigningKey.fromPrivateJwkJson(json));
        assertEquals(message, refused.getMessage());
    }
}
