package io.labelgate.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Every credential the tests send or receive (token strings, the admin secret, session cookies),
 * one per line in {@code labelgate.it.secrets.file}, so that scripts/scan-logs.sh can fail the run
 * when any of them shows up in a server log or the test output.
 */
public final class IssuedSecrets {

    /** Shorter values (test garbage such as "not-a-jwt") would match by accident. */
    private static final int MIN_LENGTH = 16;

    private IssuedSecrets() {
    }

    /** Records a secret. */
    public static synchronized void record(String secret) {
        String file = System.getProperty("labelgate.it.secrets.file");
        if (file == null || secret == null || secret.length() < MIN_LENGTH) {
            return;
        }
        try {
            Files.writeString(Path.of(file), secret + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Records the credentials of an {@code Authorization} or {@code Cookie} header value. */
    public static void recordHeader(String name, String value) {
        if (name.equalsIgnoreCase("Authorization")) {
            int space = value.indexOf(' ');
            record(space < 0 ? value : value.substring(space + 1).strip());
        } else if (name.equalsIgnoreCase("Cookie")) {
            for (String pair : value.split(";")) {
                int equals = pair.indexOf('=');
                if (equals > 0) {
                    record(pair.substring(equals + 1).strip());
                }
            }
        }
    }
}
