package io.labelgate.token;

import org.jose4j.jwk.JsonWebKeySet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;

import static io.labelgate.token.TestJws.sign;
import static io.labelgate.token.TestJws.validClaims;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class VerificationKeysTest {

    private static final JwtSettings RSA_AND_EC =
            new JwtSettings("labelgate", "labelgate", Set.of("RS256", "ES256", "EdDSA"), Duration.ofSeconds(30), false);

    @TempDir
    Path dir;

    private static String pem(SigningKey key) {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(key.publicJwk().getPublicKey().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    @Test
    void trustsEveryKeyOfAJwksDocument() throws TokenRejectedException {
        SigningKey rsa = SigningKey.generate("RS256");
        SigningKey ec = SigningKey.generate("ES256");
        String jwks = new JsonWebKeySet(rsa.publicJwk(), ec.publicJwk()).toJson();

        VerificationKeys keys = VerificationKeys.builder().jwksJson(jwks).build();
        JwtTokenVerifier verifier = new JwtTokenVerifier(RSA_AND_EC, keys);

        assertEquals(2, keys.staticKeyCount());
        assertEquals("tok-1", verifier.verify(sign(rsa, validClaims())).id());
        assertEquals("tok-1", verifier.verify(sign(ec, validClaims())).id());
    }

    @Test
    void trustsTheKeysServedAtAJwksUrlAndFetchesThemOnce() throws Exception {
        SigningKey rsa = SigningKey.generate("RS256");
        byte[] jwks = new JsonWebKeySet(rsa.publicJwk()).toJson().getBytes(StandardCharsets.UTF_8);
        java.util.concurrent.atomic.AtomicInteger fetches = new java.util.concurrent.atomic.AtomicInteger();
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/.well-known/jwks.json", exchange -> {
            fetches.incrementAndGet();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.getResponseHeaders().add("Cache-Control", "max-age=300");
            exchange.sendResponseHeaders(200, jwks.length);
            exchange.getResponseBody().write(jwks);
            exchange.close();
        });
        server.start();
        try {
            java.net.URI url = java.net.URI.create(
                    "http://127.0.0.1:" + server.getAddress().getPort() + "/.well-known/jwks.json");
            JwtTokenVerifier verifier = new JwtTokenVerifier(
                    RSA_AND_EC, VerificationKeys.builder().jwksUrl(url).build());

            assertEquals("tok-1", verifier.verify(sign(rsa, validClaims())).id());
            assertEquals("tok-1", verifier.verify(sign(rsa, validClaims())).id());
            assertEquals(1, fetches.get());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void trustsTheKeysOfAJwksFile() throws Exception {
        SigningKey rsa = SigningKey.generate("RS256");
        Path file = Files.writeString(dir.resolve("jwks.json"), new JsonWebKeySet(rsa.publicJwk()).toJson());

        JwtTokenVerifier verifier = new JwtTokenVerifier(
                RSA_AND_EC, VerificationKeys.builder().jwksFile(file).build());

        assertEquals("tok-1", verifier.verify(sign(rsa, validClaims())).id());
    }

    @Test
    void trustsAKidlessJwksKeyForTokensThatNameAKid() throws Exception {
        SigningKey rsa = SigningKey.generate("RS256");
        org.jose4j.jwk.PublicJsonWebKey kidless = rsa.publicJwk();
        kidless.setKeyId(null);

        JwtTokenVerifier verifier = new JwtTokenVerifier(
                RSA_AND_EC,
                VerificationKeys.builder()
                        .jwksJson(new JsonWebKeySet(kidless).toJson())
                        .build());

        assertEquals("tok-1", verifier.verify(sign(rsa, validClaims())).id());
    }

    @Test
    void picksTheKidlessKeyWhoseSignatureVerifiesAmongSeveralOfTheSameType() throws Exception {
        SigningKey first = SigningKey.generate("RS256");
        SigningKey second = SigningKey.generate("RS256");
        VerificationKeys keys = VerificationKeys.builder()
                .pemPublicKey(pem(first))
                .pemPublicKey(pem(second))
                .build();
        JwtTokenVerifier verifier = new JwtTokenVerifier(RSA_AND_EC, keys);

        assertEquals("tok-1", verifier.verify(sign(first, validClaims())).id());
        assertEquals("tok-1", verifier.verify(sign(second, validClaims())).id());
    }

    @Test
    void keepsOnlyThePublicHalfOfAJwksKeyThatCarriesItsPrivatePart() {
        String jwks = "{\"keys\":[" + SigningKey.generate("RS256").toPrivateJwkJson() + "]}";

        VerificationKeys keys = VerificationKeys.builder().jwksJson(jwks).build();

        assertNull(keys.staticKeys().get(0).getPrivateKey());
    }

    @Test
    void refusesAJwksHoldingASymmetricKey() {
        String jwks = "{\"keys\":[{\"kty\":\"oct\",\"kid\":\"h\",\"k\":\"" + "A".repeat(43) + "\"}]}";

        IllegalArgumentException refused = assertThrows(
                IllegalArgumentException.class, () -> VerificationKeys.builder().jwksJson(jwks));
        assertEquals(
                "JWKS holds a oct key; only public RSA, EC and OKP keys verify labelgate tokens", refused.getMessage());
    }

    @Test
    void refusesAJwksFileThatCannotBeRead() {
        Path missing = dir.resolve("missing.json");

        IllegalArgumentException refused = assertThrows(
                IllegalArgumentException.class, () -> VerificationKeys.builder().jwksFile(missing));
        assertEquals("cannot read " + missing + ": " + missing, refused.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"RS256", "ES256", "EdDSA"})
    void trustsAPemPublicKeyFileForTokensThatNameAKid(String algorithm) throws Exception {
        SigningKey signing = SigningKey.generate(algorithm);
        Path file = Files.writeString(dir.resolve("key.pem"), pem(signing));

        JwtTokenVerifier verifier = new JwtTokenVerifier(
                RSA_AND_EC, VerificationKeys.builder().pemPublicKeyFile(file).build());

        assertEquals("tok-1", verifier.verify(sign(signing, validClaims())).id());
    }

    @Test
    void pemKeyDoesNotVerifyATokenOfAnotherKey() throws Exception {
        Path file = Files.writeString(dir.resolve("key.pem"), pem(SigningKey.generate("RS256")));
        JwtTokenVerifier verifier = new JwtTokenVerifier(
                RSA_AND_EC, VerificationKeys.builder().pemPublicKeyFile(file).build());
        String token = sign(SigningKey.generate("RS256"), validClaims());

        TokenRejectedException rejected = assertThrows(TokenRejectedException.class, () -> verifier.verify(token));
        assertEquals("token signature invalid", rejected.getMessage());
    }

    @Test
    void refusesAPemThatIsNotBase64() {
        IllegalArgumentException refused = assertThrows(
                IllegalArgumentException.class,
                () -> VerificationKeys.builder()
                        .pemPublicKey("-----BEGIN PUBLIC KEY-----\n%%%\n-----END PUBLIC KEY-----"));
        assertEquals("PEM public key is not valid base64", refused.getMessage());
    }

    @Test
    void refusesAPemThatIsNotAPublicKey() {
        IllegalArgumentException refused = assertThrows(
                IllegalArgumentException.class,
                () -> VerificationKeys.builder()
                        .pemPublicKey("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----"));
        assertEquals("PEM public key is not an RSA, EC or Ed25519 key", refused.getMessage());
    }

    @Test
    void refusesAnEmptyKeySet() {
        IllegalArgumentException refused = assertThrows(
                IllegalArgumentException.class, () -> VerificationKeys.builder().build());
        assertEquals("no verification key configured", refused.getMessage());
    }
}
