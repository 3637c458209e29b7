package io.labelgate.registry;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A browser session: opened with a token (id and generation) or with the admin credential.
 * Holds no secret but its CSRF token, which is not a credential on its own.
 *
 * @param idHash     SHA-256 (hex) of the session id the cookie carries
 * @param tokenId    the token it was opened with, or {@code null} for an admin session
 * @param generation the token's generation at login
 * @param kid        the signing key of the token, or {@code null} (admin session, or a key the
 *                   token did not name): retiring that key ends the session
 * @param csrf       the CSRF token every form of this session must carry
 * @param createdAt  login time
 * @param expiresAt  end of the session, whatever happens
 * @param adminName  the administrator's name, for an admin session the container authenticated
 *                   (role {@code labelgate-admin}); {@code null} for one opened with the admin
 *                   secret, and for a token's session
 */
public record BrowserSession(
        String idHash,
        String tokenId,
        long generation,
        String kid,
        String csrf,
        Instant createdAt,
        Instant expiresAt,
        String adminName) {

    public BrowserSession {
        Objects.requireNonNull(idHash, "idHash");
        Objects.requireNonNull(csrf, "csrf");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (adminName != null && tokenId != null) {
            throw new IllegalArgumentException("a token's session has no administrator");
        }
    }

    /** A session that is not a named administrator's. */
    public BrowserSession(
            String idHash,
            String tokenId,
            long generation,
            String kid,
            String csrf,
            Instant createdAt,
            Instant expiresAt) {
        this(idHash, tokenId, generation, kid, csrf, createdAt, expiresAt, null);
    }

    /** The administrator's name, when the container authenticated them. */
    public Optional<String> administrator() {
        return Optional.ofNullable(adminName);
    }

    /** Whether it was opened with the admin credential. */
    public boolean admin() {
        return tokenId == null;
    }

    /** The token it was opened with. */
    public Optional<String> token() {
        return Optional.ofNullable(tokenId);
    }

    @Override
    public String toString() {
        return "BrowserSession["
                + (adminName != null ? "administrator " + adminName : admin() ? "admin" : "token " + tokenId)
                + ", expires " + expiresAt + "]";
    }
}
