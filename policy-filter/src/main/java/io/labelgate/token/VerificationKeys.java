package io.labelgate.token;

import org.jose4j.jwk.HttpsJwks;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.keys.resolvers.HttpsJwksVerificationKeyResolver;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.jose4j.keys.resolvers.VerificationKeyResolver;
import org.jose4j.lang.InvalidAlgorithmException;
import org.jose4j.lang.JoseException;
import org.jose4j.lang.UnresolvableKeyException;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The public keys labelgate trusts, as a jose4j {@link VerificationKeyResolver}.
 *
 * <p>Keys come from a JWKS document (file or URL, RFC 7517 §5), PEM public keys, and the public
 * half of the configured signing key. A token's {@code kid} and algorithm select the key; keys
 * named in the token itself ({@code jwk}, {@code jku}, {@code x5u} headers) are never used.
 * Only public keys are accepted, so a symmetric algorithm can never be verified with one.
 */
public final class VerificationKeys {

    private final List<PublicJsonWebKey> staticKeys;
    private final Optional<HttpsJwks> remote;
    private final List<VerificationKeyResolver> dynamic;

    private VerificationKeys(
            List<PublicJsonWebKey> staticKeys, Optional<HttpsJwks> remote, List<VerificationKeyResolver> dynamic) {
        this.staticKeys = List.copyOf(staticKeys);
        this.remote = remote;
        this.dynamic = List.copyOf(dynamic);
        if (this.staticKeys.isEmpty() && remote.isEmpty() && this.dynamic.isEmpty()) {
            throw new IllegalArgumentException("no verification key configured");
        }
    }

    /** Trusts exactly these public keys. */
    public static VerificationKeys of(List<PublicJsonWebKey> keys) {
        return new VerificationKeys(keys, Optional.empty(), List.of());
    }

    /** Builder for keys gathered from several configuration sources. */
    public static Builder builder() {
        return new Builder();
    }

    /** The number of keys known without a network call (for start-up logs). */
    public int staticKeyCount() {
        return staticKeys.size();
    }

    /** The static public keys, for JWKS documents and tests. */
    public List<PublicJsonWebKey> staticKeys() {
        return staticKeys;
    }

    /** The resolver a {@code JwtConsumer} uses. */
    public VerificationKeyResolver resolver() {
        List<VerificationKeyResolver> resolvers = new ArrayList<>(dynamic);
        List<JsonWebKey> withKid = staticKeys.stream()
                .filter(key -> key.getKeyId() != null)
                .map(JsonWebKey.class::cast)
                .toList();
        List<PublicJsonWebKey> withoutKid =
                staticKeys.stream().filter(key -> key.getKeyId() == null).toList();
        if (!withKid.isEmpty()) {
            resolvers.add(new JwksVerificationKeyResolver(withKid));
        }
        remote.ifPresent(jwks -> resolvers.add(new HttpsJwksVerificationKeyResolver(jwks)));
        if (!withoutKid.isEmpty()) {
            resolvers.add(new WithoutKid(withoutKid));
        }
        return resolvers.size() == 1 ? resolvers.get(0) : new FirstMatch(resolvers);
    }

    /**
     * Keys without a {@code kid} (PEM keys, kid-less JWKS entries). jose4j's selection requires a
     * key's kid to equal the token's, so these are chosen by key type instead, and, when several
     * have the token's key type, by the one whose signature verifies.
     */
    private record WithoutKid(List<PublicJsonWebKey> keys) implements VerificationKeyResolver {
        @Override
        public Key resolveKey(JsonWebSignature jws, List<JsonWebStructure> nestingContext)
                throws UnresolvableKeyException {
            String keyType;
            try {
                keyType = jws.getKeyType();
            } catch (InvalidAlgorithmException e) {
                throw new UnresolvableKeyException("no key for algorithm " + jws.getAlgorithmHeaderValue(), e);
            }
            List<PublicJsonWebKey> candidates = keys.stream()
                    .filter(key -> key.getKeyType().equals(keyType))
                    .toList();
            if (candidates.size() == 1) {
                return candidates.get(0).getPublicKey();
            }
            for (PublicJsonWebKey candidate : candidates) {
                jws.setKey(candidate.getPublicKey());
                try {
                    if (jws.verifySignature()) {
                        return candidate.getPublicKey();
                    }
                } catch (JoseException notThisKey) {
                    // try the next key
                }
            }
            throw new UnresolvableKeyException("no key without kid verifies the token");
        }
    }

    /** Tries each resolver in turn; the token is refused when none has a matching key. */
    private record FirstMatch(List<VerificationKeyResolver> resolvers) implements VerificationKeyResolver {
        @Override
        public Key resolveKey(JsonWebSignature jws, List<JsonWebStructure> nestingContext)
                throws UnresolvableKeyException {
            UnresolvableKeyException last = null;
            for (VerificationKeyResolver resolver : resolvers) {
                try {
                    return resolver.resolveKey(jws, nestingContext);
                } catch (UnresolvableKeyException e) {
                    last = e;
                }
            }
            throw last;
        }
    }

    /** Gathers keys; each method names the source in its error so configuration faults are clear. */
    public static final class Builder {
        private final List<PublicJsonWebKey> keys = new ArrayList<>();
        private HttpsJwks remote;
        private final List<VerificationKeyResolver> dynamic = new ArrayList<>();

        private Builder() {}

        /** Adds every public key of a JWKS document. */
        public Builder jwksJson(String json) {
            try {
                for (JsonWebKey key : new JsonWebKeySet(json).getJsonWebKeys()) {
                    if (!(key instanceof PublicJsonWebKey publicKey)) {
                        throw new IllegalArgumentException("JWKS holds a " + key.getKeyType()
                                + " key; only public RSA, EC and OKP keys verify labelgate tokens");
                    }
                    keys.add(PublicJsonWebKey.Factory.newPublicJwk(
                            publicKey.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY)));
                }
            } catch (JoseException e) {
                throw new IllegalArgumentException("not a valid JWKS document: " + e.getMessage(), e);
            }
            return this;
        }

        /** Adds the keys of a JWKS file. */
        public Builder jwksFile(Path file) {
            return jwksJson(read(file));
        }

        /**
         * Fetches keys from a JWKS URL, cached and refreshed by jose4j (it honours
         * {@code Cache-Control} and refetches when a token names an unknown {@code kid}).
         */
        public Builder jwksUrl(URI url) {
            this.remote = new HttpsJwks(url.toString());
            return this;
        }

        /** Adds a PEM {@code PUBLIC KEY} (X.509 SubjectPublicKeyInfo, RSA, EC or Ed25519). */
        public Builder pemPublicKey(String pem) {
            String base64 = pem.replace("-----BEGIN PUBLIC KEY-----", "")
                    .replace("-----END PUBLIC KEY-----", "")
                    .replaceAll("\\s", "");
            byte[] der;
            try {
                der = Base64.getDecoder().decode(base64);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("PEM public key is not valid base64", e);
            }
            try {
                keys.add(PublicJsonWebKey.Factory.newPublicJwk(publicKey(der)));
            } catch (JoseException e) {
                throw new IllegalArgumentException("PEM public key is not usable: " + e.getMessage(), e);
            }
            return this;
        }

        /** Adds a PEM public key file. */
        public Builder pemPublicKeyFile(Path file) {
            return pemPublicKey(read(file));
        }

        /** Trusts the public half of a signing key. */
        public Builder signingKey(SigningKey key) {
            keys.add(key.publicJwk());
            return this;
        }

        /** Trusts the keys a resolver finds (the registry's key ring), asked before the other sources. */
        public Builder resolver(VerificationKeyResolver resolver) {
            dynamic.add(Objects.requireNonNull(resolver, "resolver"));
            return this;
        }

        /** The keys; refuses an empty set. */
        public VerificationKeys build() {
            return new VerificationKeys(keys, Optional.ofNullable(remote), dynamic);
        }

        private static PublicKey publicKey(byte[] der) {
            for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
                try {
                    return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
                } catch (InvalidKeySpecException | NoSuchAlgorithmException notThisKind) {
                    // try the next key type
                }
            }
            throw new IllegalArgumentException("PEM public key is not an RSA, EC or Ed25519 key");
        }

        private static String read(Path file) {
            try {
                return Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage(), e);
            }
        }
    }
}
