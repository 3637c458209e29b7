package io.labelgate.cli;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ExitCodesTest {

    @ParameterizedTest(name = "HTTP {0} -> exit {1}")
    @CsvSource({
        "200, 0", "201, 0", "204, 0", "301, 1", "302, 1", "400, 1", "405, 1", "409, 1", "413, 1", "415, 1", "429, 1",
        "401, 3", "403, 4", "404, 5", "410, 5", "500, 7", "502, 7", "503, 7", "504, 7", "599, 7", "600, 1", "100, 1"
    })
    void mapsHttpStatusToTheDocumentedExitCode(int status, int exitCode) {
        assertEquals(exitCode, ExitCodes.forStatus(status));
    }

    @ParameterizedTest(name = "HTTP {0} naming {1} -> exit {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                // a 400 naming a field that holds the user's arguments: the argument is bad
                "400 | selector  | 2",
                "400 | expiresAt | 2",
                "400 | name      | 2",
                // a 400 naming no field, or one the user did not type: some other error
                "400 |           | 1",
                "400 | body      | 1",
                "400 | allApps2  | 1",
                // a field does not change what any other status means
                "409 | name      | 1",
                "422 | selector  | 1",
                "404 | selector  | 5",
                "401 | selector  | 3",
                "503 | selector  | 7"
            })
    void mapsARefusalNamingAFieldTheUserTypedToTheUsageExitCode(int status, String field, int exitCode) {
        assertEquals(exitCode, ExitCodes.forRefusal(status, field, Set.of("name", "selector", "expiresAt")));
    }

    @ParameterizedTest(name = "exit {0} documented")
    @CsvSource({"0", "1", "2", "3", "4", "5", "6", "7"})
    void everyExitCodeIsListedInTheUsageHelp(String code) {
        Run help = Run.of(java.util.Map.of(), "--help");

        assertEquals(0, help.exitCode());
        assertEquals(
                1,
                help.outLines().stream()
                        .filter(line -> line.startsWith(
                                "  " + code + "   " + ExitCodes.descriptions().get(code)))
                        .count(),
                help::out);
    }
}
