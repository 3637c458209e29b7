package io.labelgate.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/**
 * A configured secret (admin secret, database password, key-encryption key). Its
 * {@link #toString()} never shows the value, so configuration records can be logged.
 */
public final class Secret {

    private final String value;

    private Secret(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    /** Wraps a secret value. */
    public static Secret of(String value) {
        return new Secret(value);
    }

    /** The value, for the one place that needs it. */
    public String reveal() {
        return value;
    }

    /** Whether a presented value equals this secret, in time independent of where they differ. */
    public boolean matches(String presented) {
        if (presented == null) {
            return false;
        }
        return MessageDigest.isEqual(sha256(value), sha256(presented));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    /** Equal when the values are (compared in constant time, like {@link #matches}). */
    @Override
    public boolean equals(Object other) {
        return other instanceof Secret secret && matches(secret.value);
    }

    @Override
    public int hashCode() {
        // a constant: a hash of the value would leak a little of it to whoever sees hash codes
        return 0x5ec7e7;
    }

    @Override
    public String toString() {
        return "Secret[redacted]";
    }
}
