package io.labelgate;

import io.labelgate.config.LabelgateConfig;
import io.labelgate.selector.Selector;
import io.labelgate.token.Role;
import io.labelgate.token.SigningKey;
import io.labelgate.token.TokenClaims;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.logging.Logger;

/**
 * Demo mode ({@code labelgate.demo.enabled=true}, off by default): a signing key kept in the
 * data directory, and one read token scoped to this app, logged and written to
 * {@code <data-dir>/<app>/demo-token} so a newcomer can call the app at once. Never for
 * production: the key sits unencrypted on disk and the token is printed.
 */
final class DemoToken {

    private static final Logger LOG = Logger.getLogger(DemoToken.class.getName());
    private static final Duration LIFETIME = Duration.ofDays(30);

    private DemoToken() {
    }

    static SigningKey loadOrCreateKey(LabelgateConfig config) {
        Path file = config.dataDir().resolve("demo-signing-key.jwk.json");
        try {
            if (Files.exists(file)) {
                return SigningKey.fromPrivateJwkJson(Files.readString(file, StandardCharsets.UTF_8));
            }
            SigningKey key = SigningKey.generate(config.jwt().algorithms().stream().sorted().findFirst().orElseThrow());
            writePrivate(file, key.toPrivateJwkJson());
            LOG.warning("labelgate: DEMO MODE generated signing key " + key.keyId() + " in " + file);
            return key;
        } catch (IOException e) {
            throw new IllegalStateException("cannot keep the demo signing key in " + file + ": " + e.getMessage(), e);
        }
    }

    static void issue(Labelgate labelgate) {
        LabelgateConfig config = labelgate.config();
        String reservedId = config.reservedPrefix() + "id";
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        TokenClaims claims = new TokenClaims("demo-" + config.appName(), 1, Role.READ, config.region(),
                Selector.parse(reservedId + "=" + labelgate.app().id()), false, now, now.plus(LIFETIME));
        String token = labelgate.issuer().orElseThrow().issue(claims);
        Path file = config.dataDir().resolve(config.appName()).resolve("demo-token");
        try {
            writePrivate(file, token + "\n");
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the demo token to " + file + ": " + e.getMessage(), e);
        }
        LOG.warning("labelgate: DEMO MODE (labelgate.demo.enabled=true; never in production). A read token for "
                + "this app, valid " + LIFETIME.toDays() + " days, is in " + file + ":\n\n    " + token + "\n");
    }

    private static void writePrivate(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Path temporary = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
        try {
            try {
                Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // the file system has no POSIX permissions; the data directory's own protection applies
            }
            Files.writeString(temporary, content, StandardCharsets.UTF_8);
            Files.move(temporary, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
