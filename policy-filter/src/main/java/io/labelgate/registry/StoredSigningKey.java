package io.labelgate.registry;

import java.time.Instant;
import java.util.Objects;

/**
 * A signing key as the registry keeps it: the public JWK in clear, the private JWK encrypted.
 * {@link #toString()} omits the encrypted private part.
 *
 * @param kid                 key id
 * @param algorithm           JWS algorithm
 * @param publicJwk           public JWK JSON
 * @param encryptedPrivateJwk private JWK JSON, encrypted by {@code KeyEncryption}
 * @param createdAt           creation; the newest key that is not retired signs
 * @param retiredAt           retirement, after which the key no longer verifies, or {@code null}
 */
public record StoredSigningKey(
        String kid,
        String algorithm,
        String publicJwk,
        String encryptedPrivateJwk,
        Instant createdAt,
        Instant retiredAt) {

    public StoredSigningKey {
        Objects.requireNonNull(kid, "kid");
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(publicJwk, "publicJwk");
        Objects.requireNonNull(encryptedPrivateJwk, "encryptedPrivateJwk");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** Whether the key still verifies tokens. */
    public boolean active() {
        return retiredAt == null;
    }

    @Override
    public String toString() {
        return "StoredSigningKey[kid=" + kid + ", alg=" + algorithm + ", created=" + createdAt + ", retired="
                + retiredAt + "]";
    }
}
