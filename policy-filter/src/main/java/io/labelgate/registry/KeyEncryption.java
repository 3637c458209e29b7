package io.labelgate.registry;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;

/**
 * Encrypts signing keys at rest with AES-256-GCM (NIST SP 800-38D): a random 96-bit nonce per
 * message, the key id as associated data (a ciphertext moved to another row does not decrypt),
 * stored as base64 of {@code nonce || ciphertext || tag}. {@link #toString()} hides the key.
 */
public final class KeyEncryption {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    private KeyEncryption(byte[] key) {
        this.key = new SecretKeySpec(key, "AES");
    }

    /**
     * The encryption for a base64 256-bit key, e.g. from {@code openssl rand -base64 32}.
     *
     * @throws IllegalArgumentException when it is not base64 of exactly 32 bytes (the message never repeats it)
     */
    public static KeyEncryption fromBase64(String base64) {
        Objects.requireNonNull(base64, "base64");
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("must be base64 of 32 random bytes (openssl rand -base64 32)");
        }
        if (bytes.length != 32) {
            throw new IllegalArgumentException(
                    "must be base64 of 32 random bytes (openssl rand -base64 32), not " + bytes.length + " bytes");
        }
        return new KeyEncryption(bytes);
    }

    /** A fresh random key, as base64 (for demo mode, which keeps it in the data directory). */
    public static String generateBase64() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** Encrypts {@code plaintext}, bound to {@code kid}. */
    public String encrypt(String kid, String plaintext) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(kid.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder()
                    .encodeToString(ByteBuffer.allocate(nonce.length + sealed.length)
                            .put(nonce)
                            .put(sealed)
                            .array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is required of every Java platform", e);
        }
    }

    /**
     * Decrypts what {@link #encrypt} produced for {@code kid}.
     *
     * @throws IllegalStateException when the ciphertext was made with another key or altered
     */
    public String decrypt(String kid, String ciphertext) {
        byte[] bytes = Base64.getDecoder().decode(ciphertext);
        if (bytes.length <= NONCE_BYTES) {
            throw new IllegalStateException("the stored private key of " + kid + " is truncated");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, bytes, 0, NONCE_BYTES));
            cipher.updateAAD(kid.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new IllegalStateException("the stored private key of " + kid
                    + " does not decrypt with labelgate.keys.encryption-key: was the key changed?");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is required of every Java platform", e);
        }
    }

    @Override
    public String toString() {
        return "KeyEncryption[AES-256-GCM]";
    }
}
