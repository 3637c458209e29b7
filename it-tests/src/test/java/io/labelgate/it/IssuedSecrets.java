package io.labelgate.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.Set;

/**
 * Every credential the tests send or receive (token strings, the admin secret, session cookies,
 * the cookies Chromium holds in the browser tests and the token strings their pages show), one
 * per line in {@code labelgate.it.secrets.file}, so that scripts/scan-logs.sh can fail the run
 * when any of them shows up in a server log or the test output. scripts/test.sh points that file
 * into a directory it makes afresh for each run, so what scan-logs finds there was used by this run.
 */
public final class IssuedSecrets {

    /** Shorter values (test garbage such as "not-a-jwt") would match by accident. */
    private static final int MIN_LENGTH = 16;

    /** Already in the file: a browser test records the same cookie after every page. */
    private static final Set<String> RECORDED = new HashSet<>();

    private IssuedSecrets() {}

    /** Records a secret. */
    public static synchronized void record(String secret) {
        String file = System.getProperty("labelgate.it.secrets.file");
        if (file == null || secret == null || secret.length() < MIN_LENGTH || !RECORDED.add(secret)) {
            return;
        }
        try {
            Files.writeString(
                    Path.of(file),
                    secret + "\n",
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
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
