package io.labelgate.token;

import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.OkpJwkGenerator;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.lang.JoseException;

import java.security.PrivateKey;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * A private key that signs labelgate tokens, with its key id ({@code kid}) and algorithm.
 *
 * <p>{@link #toString()} names the key id and algorithm only; the private part leaves this object
 * only through {@link #toPrivateJwkJson()}, for storage the caller protects.
 */
public final class SigningKey {

    /** Asymmetric algorithms labelgate signs and verifies with. Symmetric and {@code none} never. */
    // Ordered, so that messages listing them read the same on every start (Set.of iterates in a
    // per-JVM random order).
    public static final Set<String> SUPPORTED_ALGORITHMS = Collections.unmodifiableSet(new LinkedHashSet<>(List.of(
            AlgorithmIdentifiers.RSA_USING_SHA256,
            AlgorithmIdentifiers.RSA_USING_SHA384,
            AlgorithmIdentifiers.RSA_USING_SHA512,
            AlgorithmIdentifiers.RSA_PSS_USING_SHA256,
            AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256,
            AlgorithmIdentifiers.ECDSA_USING_P384_CURVE_AND_SHA384,
            AlgorithmIdentifiers.EDDSA)));

    private final PublicJsonWebKey jwk;

    private SigningKey(PublicJsonWebKey jwk) {
        this.jwk = jwk;
    }

    /**
     * Generates a fresh key for an algorithm: RSA 2048 for {@code RS*}/{@code PS256}, P-256 or
     * P-384 for {@code ES256}/{@code ES384}, Ed25519 for {@code EdDSA}.
     */
    public static SigningKey generate(String algorithm) {
        requireSupported(algorithm);
        try {
            PublicJsonWebKey key = switch (algorithm) {
                case AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256 ->
                    EcJwkGenerator.generateJwk(EllipticCurves.P256);
                case AlgorithmIdentifiers.ECDSA_USING_P384_CURVE_AND_SHA384 ->
                    EcJwkGenerator.generateJwk(EllipticCurves.P384);
                case AlgorithmIdentifiers.EDDSA -> OkpJwkGenerator.generateJwk(org.jose4j.keys.EdDsaKeyUtil.ED25519);
                default -> RsaJwkGenerator.generateJwk(2048);
            };
            key.setKeyId(UUID.randomUUID().toString());
            key.setAlgorithm(algorithm);
            key.setUse("sig");
            return new SigningKey(key);
        } catch (JoseException e) {
            throw new IllegalStateException("cannot generate a " + algorithm + " key: " + e.getMessage(), e);
        }
    }

    /**
     * Reads a private JWK (RFC 7517) with {@code kid} and {@code alg}.
     *
     * @throws IllegalArgumentException when it is not a private asymmetric key with a supported algorithm
     */
    public static SigningKey fromPrivateJwkJson(String json) {
        Objects.requireNonNull(json, "json");
        PublicJsonWebKey key;
        try {
            JsonWebKey parsed = JsonWebKey.Factory.newJwk(json);
            if (!(parsed instanceof PublicJsonWebKey asymmetric)) {
                throw new IllegalArgumentException(
                        "the signing key must be an RSA, EC or OKP key, not " + parsed.getKeyType());
            }
            key = asymmetric;
        } catch (JoseException e) {
            throw new IllegalArgumentException("the signing key is not a valid JWK", e);
        }
        if (key.getPrivateKey() == null) {
            throw new IllegalArgumentException("the signing key JWK has no private part");
        }
        if (key.getKeyId() == null || key.getKeyId().isBlank()) {
            throw new IllegalArgumentException("the signing key JWK needs a \"kid\"");
        }
        requireSupported(key.getAlgorithm());
        return new SigningKey(key);
    }

    private static void requireSupported(String algorithm) {
        if (algorithm == null || !SUPPORTED_ALGORITHMS.contains(algorithm)) {
            throw new IllegalArgumentException(
                    "signing algorithm must be one of " + SUPPORTED_ALGORITHMS + ", not " + algorithm);
        }
    }

    /** The key id tokens carry in their {@code kid} header. */
    public String keyId() {
        return jwk.getKeyId();
    }

    /** The JWS algorithm, e.g. {@code RS256}. */
    public String algorithm() {
        return jwk.getAlgorithm();
    }

    /** The public half, for verification and JWKS documents. */
    public PublicJsonWebKey publicJwk() {
        try {
            return PublicJsonWebKey.Factory.newPublicJwk(jwk.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY));
        } catch (JoseException e) {
            throw new IllegalStateException("cannot copy the public part of key " + keyId(), e);
        }
    }

    /** The whole key, private part included, as JWK JSON: for storage the caller protects. */
    public String toPrivateJwkJson() {
        return jwk.toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE);
    }

    PrivateKey privateKey() {
        return jwk.getPrivateKey();
    }

    @Override
    public String toString() {
        return "SigningKey[kid=" + keyId() + ", alg=" + algorithm() + "]";
    }
}
