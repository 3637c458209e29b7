package io.labelgate.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.labelgate.json.Json;
import io.labelgate.token.VerificationKeys;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.lang.JoseException;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Checks a bundle's {@code .signatures.json} as OPA does: exactly one JWS, signed by a trusted key
 * with an asymmetric algorithm, whose payload lists every file of the bundle (but the signatures
 * file) with its digest ({@link SignatureHash}); a file missing from the list, listed but absent,
 * or whose digest differs refuses the bundle. Scopes are not supported: a signature that names one
 * is refused, as OPA does when none is configured.
 */
public final class BundleVerifier {

    /** The signatures file, which the signature cannot cover. */
    static final String SIGNATURES = ".signatures.json";

    private static final ObjectMapper MAPPER = Json.mapper();
    private static final AlgorithmConstraints ASYMMETRIC = new AlgorithmConstraints(
            AlgorithmConstraints.ConstraintType.PERMIT,
            AlgorithmIdentifiers.RSA_USING_SHA256,
            AlgorithmIdentifiers.RSA_USING_SHA384,
            AlgorithmIdentifiers.RSA_USING_SHA512,
            AlgorithmIdentifiers.RSA_PSS_USING_SHA256,
            AlgorithmIdentifiers.RSA_PSS_USING_SHA384,
            AlgorithmIdentifiers.RSA_PSS_USING_SHA512,
            AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256,
            AlgorithmIdentifiers.ECDSA_USING_P384_CURVE_AND_SHA384,
            AlgorithmIdentifiers.ECDSA_USING_P521_CURVE_AND_SHA512,
            AlgorithmIdentifiers.EDDSA);

    private final List<PublicJsonWebKey> keys;

    private BundleVerifier(List<PublicJsonWebKey> keys) {
        this.keys = List.copyOf(keys);
    }

    /**
     * The verifier for a key given as configuration: a PEM public key ({@code -----BEGIN PUBLIC KEY-----})
     * or a JWKS document ({@code {"keys": [...]}}).
     *
     * @throws IllegalArgumentException saying why the key is not usable
     */
    public static BundleVerifier of(String pemOrJwks) {
        String key = pemOrJwks.strip();
        VerificationKeys.Builder builder = VerificationKeys.builder();
        if (key.startsWith("{")) {
            builder.jwksJson(key);
        } else if (key.startsWith("-----BEGIN PUBLIC KEY-----")) {
            builder.pemPublicKey(key);
        } else {
            throw new IllegalArgumentException("neither a PEM public key (-----BEGIN PUBLIC KEY-----) nor a JWKS "
                    + "document ({\"keys\": [...]})");
        }
        return new BundleVerifier(builder.build().staticKeys());
    }

    /** Checks the signature over these files, or says why not. */
    void verify(Map<String, byte[]> files) throws BundleException {
        byte[] signatures = files.get(SIGNATURES);
        if (signatures == null) {
            throw new BundleException(
                    "the bundle is not signed (no " + SIGNATURES + "), and a verification key " + "is configured");
        }
        JsonNode payload = verifiedPayload(signatures);
        if (!payload.path("scope").asText("").isEmpty()) {
            throw new BundleException("the bundle's signature has scope \""
                    + payload.path("scope").asText() + "\"; labelgate does not configure scopes");
        }
        Map<String, JsonNode> listed = new HashMap<>();
        for (JsonNode file : payload.path("files")) {
            String name = file.path("name").asText("");
            while (name.startsWith("/")) {
                name = name.substring(1);
            }
            if (name.isEmpty() || listed.put(name, file) != null) {
                throw new BundleException("the bundle's signature lists a file without a name, or one twice");
            }
        }
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            String name = file.getKey();
            if (name.equals(SIGNATURES)) {
                continue;
            }
            JsonNode signed = listed.remove(name);
            if (signed == null) {
                throw new BundleException("the bundle's file " + name + " is not covered by its signature");
            }
            String algorithm = signed.path("algorithm").asText("");
            if (!SignatureHash.accepts(algorithm)) {
                throw new BundleException("the bundle's signature hashes " + name + " with \"" + algorithm
                        + "\"; labelgate accepts SHA-256, SHA-384 and SHA-512");
            }
            if (!SignatureHash.of(algorithm, name, file.getValue())
                    .equalsIgnoreCase(signed.path("hash").asText(""))) {
                throw new BundleException("the bundle's file " + name + " does not match its signature: "
                        + "it was changed after signing");
            }
        }
        if (!listed.isEmpty()) {
            throw new BundleException(
                    "the bundle's signature lists files it does not hold: " + new TreeSet<>(listed.keySet()));
        }
    }

    private JsonNode verifiedPayload(byte[] signaturesFile) throws BundleException {
        JsonNode signatures;
        try {
            signatures = MAPPER.readTree(signaturesFile).path("signatures");
        } catch (IOException e) {
            throw new BundleException(SIGNATURES + " is not valid JSON", e);
        }
        if (!signatures.isArray()
                || signatures.size() != 1
                || !signatures.get(0).isTextual()) {
            throw new BundleException(SIGNATURES + " must hold exactly one signature (a JWS), as opa build writes");
        }
        JsonWebSignature jws = new JsonWebSignature();
        jws.setAlgorithmConstraints(ASYMMETRIC);
        try {
            jws.setCompactSerialization(signatures.get(0).asText());
            JsonNode payload = MAPPER.readTree(jws.getUnverifiedPayloadBytes());
            String kid = Optional.ofNullable(jws.getKeyIdHeaderValue())
                    .orElse(payload.path("keyid").asText(""));
            // refused here, before any key is tried: an algorithm outside the asymmetric ones
            ASYMMETRIC.checkConstraint(jws.getAlgorithmHeaderValue());
            for (PublicJsonWebKey key : candidates(kid)) {
                jws.setKey(key.getPublicKey());
                try {
                    if (jws.verifySignature()) {
                        return payload;
                    }
                } catch (JoseException otherKind) {
                    // a key of another type (EC for an RS256 signature) cannot have signed it: try the next
                }
            }
        } catch (JoseException | IOException e) {
            throw new BundleException("the bundle's signature is not a JWS labelgate accepts: " + e.getMessage(), e);
        }
        throw new BundleException("the bundle's signature does not verify with the configured verification key");
    }

    /** The keys that may have signed: the one with the signature's key id, or every key without an id. */
    private List<PublicJsonWebKey> candidates(String kid) {
        if (!kid.isEmpty()) {
            List<PublicJsonWebKey> named =
                    keys.stream().filter(key -> kid.equals(key.getKeyId())).toList();
            if (!named.isEmpty()) {
                return named;
            }
        }
        return keys.stream()
                .filter(key -> key.getKeyId() == null || keys.size() == 1)
                .toList();
    }

    @Override
    public String toString() {
        return "BundleVerifier[" + keys.size() + " key(s)]";
    }
}
