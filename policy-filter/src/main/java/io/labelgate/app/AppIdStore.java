package io.labelgate.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.UUID;

/**
 * Keeps an app's generated id under the data directory, so the id survives restarts and
 * redeployments: {@code <data-dir>/<app name>/app-id}.
 *
 * <p>The file is written under a temporary name and linked into place without replacing, so two
 * instances starting at once agree on one id and a crash never leaves a half-written file.
 */
public final class AppIdStore {

    private final Path file;

    public AppIdStore(Path dataDir, String appName) {
        this.file = Objects.requireNonNull(dataDir, "dataDir")
                .resolve(Objects.requireNonNull(appName, "appName"))
                .resolve("app-id");
    }

    /** The stored id, created on first use. */
    public UUID loadOrCreate() {
        if (Files.exists(file)) {
            return read();
        }
        try {
            Files.createDirectories(file.getParent());
            Path temporary = Files.createTempFile(file.getParent(), "app-id", ".tmp");
            try {
                Files.writeString(temporary, UUID.randomUUID() + "\n", StandardCharsets.US_ASCII);
                moveWithoutReplacing(temporary);
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot store the app id in " + file + ": " + e.getMessage(), e);
        }
        return read();
    }

    /** A hard link is created atomically and never replaces an existing file, unlike rename(2). */
    private void moveWithoutReplacing(Path temporary) throws IOException {
        try {
            Files.createLink(file, temporary);
        } catch (FileAlreadyExistsException anotherInstanceWon) {
            // keep the id the other instance stored
        } catch (UnsupportedOperationException noHardLinks) {
            try {
                Files.move(temporary, file);
            } catch (FileAlreadyExistsException anotherInstanceWon) {
                // keep the id the other instance stored
            }
        }
    }

    private UUID read() {
        try {
            return UUID.fromString(
                    Files.readString(file, StandardCharsets.US_ASCII).strip());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the app id from " + file + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(file + " does not hold a UUID; remove it to generate a new app id", e);
        }
    }

    /** Where the id is kept. */
    public Path file() {
        return file;
    }
}
