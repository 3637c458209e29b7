package io.labelgate.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CredentialTest {

    private static final String VARIABLE = "LABELGATE_ADMIN_SECRET";

    @TempDir
    Path dir;

    private static Credential resolve(Path file, Map<String, String> env) {
        return Credential.resolve("admin secret", file, "--admin-secret-file", VARIABLE, env);
    }

    @Test
    void fileTakesItsFirstLineAndWinsOverTheEnvironment() throws IOException {
        Path file = Files.writeString(dir.resolve("secret"), "from-file-0123456789\r\nsecond line\n");

        Credential credential = resolve(file, Map.of(VARIABLE, "from-env-0123456789"));

        assertEquals("Bearer from-file-0123456789", credential.authorization());
    }

    @Test
    void environmentIsUsedWithoutAFile() {
        assertEquals(
                "Bearer from-env-0123456789",
                resolve(null, Map.of(VARIABLE, "from-env-0123456789\n")).authorization());
    }

    @Test
    void toStringNamesTheSourceNeverTheValue() {
        Credential credential = resolve(null, Map.of(VARIABLE, "from-env-0123456789"));

        assertEquals("Credential[from environment variable LABELGATE_ADMIN_SECRET]", credential.toString());
    }

    @Test
    void noCredentialIsAUsageError() {
        CliException missing = assertThrows(CliException.class, () -> resolve(null, Map.of()));

        assertEquals(ExitCodes.USAGE, missing.exitCode());
        assertEquals(
                "no admin secret: set LABELGATE_ADMIN_SECRET or pass --admin-secret-file FILE "
                        + "(never the admin secret itself as an argument)",
                missing.getMessage());
    }

    @Test
    void missingFileIsNamedAndExit1() {
        Path file = dir.resolve("absent");

        CliException missing = assertThrows(CliException.class, () -> resolve(file, Map.of()));

        assertEquals(ExitCodes.ERROR, missing.exitCode());
        assertEquals("cannot read the admin secret file " + file + ": no such file", missing.getMessage());
    }

    @Test
    void emptyFirstLineIsRefused() throws IOException {
        Path file = Files.writeString(dir.resolve("secret"), "\nsecret-on-line-two\n");

        CliException empty = assertThrows(CliException.class, () -> resolve(file, Map.of()));

        assertEquals(ExitCodes.USAGE, empty.exitCode());
        assertEquals("the admin secret in file " + file + " is empty", empty.getMessage());
    }

    @Test
    void valueThatCannotBeABearerCredentialIsRefusedWithoutEchoingIt() {
        CliException refused =
                assertThrows(CliException.class, () -> resolve(null, Map.of(VARIABLE, "two words-0123456789")));

        assertEquals(ExitCodes.USAGE, refused.exitCode());
        assertEquals(
                "the admin secret in environment variable LABELGATE_ADMIN_SECRET holds a character a bearer "
                        + "credential cannot (space, control or non-ASCII)",
                refused.getMessage());
        assertFalse(refused.getMessage().contains("words"));
    }
}
