package io.labelgate.cli;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ExitCodesTest {

    @ParameterizedTest(name = "HTTP {0} -> exit {1}")
    @CsvSource({
            "200, 0", "201, 0", "204, 0",
            "301, 1", "302, 1", "400, 1", "405, 1", "409, 1", "413, 1", "415, 1", "429, 1",
            "401, 3",
            "403, 4",
            "404, 5", "410, 5",
            "500, 7", "502, 7", "503, 7", "504, 7", "599, 7",
            "600, 1", "100, 1"})
    void mapsHttpStatusToTheDocumentedExitCode(int status, int exitCode) {
        assertEquals(exitCode, ExitCodes.forStatus(status));
    }

    @ParameterizedTest(name = "exit {0} documented")
    @CsvSource({"0", "1", "2", "3", "4", "5", "6", "7"})
    void everyExitCodeIsListedInTheUsageHelp(String code) {
        Run help = Run.of(java.util.Map.of(), "--help");

        assertEquals(0, help.exitCode());
        assertEquals(1, help.outLines().stream()
                .filter(line -> line.startsWith("  " + code + "   " + ExitCodes.descriptions().get(code))).count(),
                help::out);
    }
}
