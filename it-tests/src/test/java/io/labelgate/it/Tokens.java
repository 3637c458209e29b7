package io.labelgate.it;

import io.labelgate.selector.Selector;
import io.labelgate.token.JwtSettings;
import io.labelgate.token.Role;
import io.labelgate.token.SigningKey;
import io.labelgate.token.TokenClaims;
import io.labelgate.token.TokenIssuer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * Mints crafted tokens (expired, tampered, of another issuer) with the key the servers under test
 * trust. Tokens meant to work are created through the admin API ({@link AdminApi}): a token the
 * registry does not know is revoked.
 */
final class Tokens {

    static final SigningKey TRUSTED_KEY = readKey();
    static final TokenIssuer ISSUER = new TokenIssuer(TRUSTED_KEY, JwtSettings.defaults());

    private Tokens() {}

    static TokenClaims claims(Role role, String region, String selector, Instant expiresAt) {
        return new TokenClaims(
                UUID.randomUUID().toString(), 1, role, region, Selector.parse(selector), false, now(), expiresAt);
    }

    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS);
    }

    /** The app id a server generated and kept under the shared test data directory. */
    static UUID appId(String appName) {
        Path file = Path.of(System.getProperty("labelgate.it.data.dir"), appName, "app-id");
        try {
            return UUID.fromString(
                    Files.readString(file, StandardCharsets.US_ASCII).strip());
        } catch (IOException e) {
            throw new AssertionError("no app id in " + file, e);
        }
    }

    private static SigningKey readKey() {
        Path file = Path.of(System.getProperty("labelgate.it.signing.key"));
        try {
            return SigningKey.fromPrivateJwkJson(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
