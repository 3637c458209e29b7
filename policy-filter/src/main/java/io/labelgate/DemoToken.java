package io.labelgate;

import io.labelgate.config.AppConfig;
import io.labelgate.registry.IssuedToken;
import io.labelgate.registry.KeyEncryption;
import io.labelgate.registry.NewToken;
import io.labelgate.registry.TokenService;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.logging.Logger;

/**
 * Demo mode ({@code labelgate.demo.enabled=true}, off by default): the key that encrypts signing
 * keys is generated and kept in the data directory, and one read token scoped to this app is
 * created in the registry, logged and written to {@code <data-dir>/<app>/demo-token} so a newcomer
 * can call the app at once. Never for production: the encryption key sits on disk beside the data
 * and the token is printed.
 */
final class DemoToken {

    private static final Logger LOG = Logger.getLogger(DemoToken.class.getName());
    private static final Duration LIFETIME = Duration.ofDays(30);

    private DemoToken() {}

    static String loadOrCreateEncryptionKey(AppConfig app) {
        Path file = app.dataDir().resolve("demo-keys-encryption.key");
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.US_ASCII).strip();
            }
            writePrivate(file, KeyEncryption.generateBase64() + "\n");
            LOG.warning("labelgate: DEMO MODE keeps the signing keys' encryption key in " + file);
            return Files.readString(file, StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            throw new IllegalStateException(
                    "cannot keep the demo encryption key in " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The admin secret of demo mode when none is configured: generated once and kept in
     * {@code <data-dir>/<app>/admin-secret}.
     */
    static String loadOrCreateAdminSecret(AppConfig app) {
        Path file = app.dataDir().resolve(app.name()).resolve("admin-secret");
        try {
            if (!Files.exists(file)) {
                byte[] random = new byte[24];
                new SecureRandom().nextBytes(random);
                writePrivate(file, Base64.getUrlEncoder().withoutPadding().encodeToString(random) + "\n");
                LOG.warning("labelgate: DEMO MODE generated the admin secret in " + file);
            }
            return Files.readString(file, StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            throw new IllegalStateException("cannot keep the demo admin secret in " + file + ": " + e.getMessage(), e);
        }
    }

    static void issue(Labelgate labelgate) {
        AppConfig app = labelgate.config().app();
        TokenService tokens = labelgate.tokens();
        String id = "demo-" + app.name();
        // within labelgate.tokens.max-lifetime, when that is shorter
        Duration lifetime = labelgate
                .config()
                .tokens()
                .maxLifetime()
                .filter(max -> max.compareTo(LIFETIME) < 0)
                .orElse(LIFETIME);
        // one demo token per app: a restart replaces it at a new generation, revoking the previous string
        IssuedToken issued = tokens.replace(
                new NewToken(
                        "demo token for " + app.name(),
                        app.reservedPrefix() + "id=" + labelgate.app().id(),
                        false,
                        "read",
                        app.region(),
                        Instant.now().plus(lifetime)),
                id);
        Path file = app.dataDir().resolve(app.name()).resolve("demo-token");
        try {
            writePrivate(file, issued.tokenString() + "\n");
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the demo token to " + file + ": " + e.getMessage(), e);
        }
        LOG.warning("labelgate: DEMO MODE (labelgate.demo.enabled=true; never in production). A read token for "
                + "this app, valid " + lifetime.toDays() + " days, is in " + file + ":\n\n    "
                + issued.tokenString() + "\n");
    }

    private static void writePrivate(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Path temporary =
                Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
        try {
            try {
                Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // the file system has no POSIX permissions; the data directory's own protection applies
            }
            Files.writeString(temporary, content, StandardCharsets.UTF_8);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
