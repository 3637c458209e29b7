package io.labelgate.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Parsing only: every case here fails (or prints help) before any request. */
class ArgumentParsingTest {

    private static final String SECRET = "s3cret-admin-value-0123";
    /** Points nowhere: a test that reached the network would fail with exit 6, not the expected code. */
    private static final Map<String, String> ENV = Map.of("LABELGATE_URL", "http://127.0.0.1:1/ai-app");

    static Stream<Arguments> secretsOnTheCommandLine() {
        String admin = "labelgate: the admin secret is never a command-line argument (it would show in ps and shell "
                + "history): set LABELGATE_ADMIN_SECRET or pass --admin-secret-file FILE";
        String token = "labelgate: a token is never a command-line argument (it would show in ps and shell "
                + "history): set LABELGATE_TOKEN or pass --token-file FILE";
        return Stream.of(
                arguments(
                        List.of("token", "list", "--admin-secret", SECRET),
                        admin + " (see 'labelgate token list --help')"),
                arguments(
                        List.of("token", "list", "--admin-secret=" + SECRET),
                        admin + " (see 'labelgate token list --help')"),
                arguments(List.of("--secret", SECRET, "token", "list"), admin + " (see 'labelgate --help')"),
                arguments(
                        List.of("token", "get", "--password=" + SECRET, "id"),
                        admin + " (see 'labelgate token get --help')"),
                arguments(List.of("app", "status", "--token", SECRET), token + " (see 'labelgate app status --help')"),
                arguments(List.of("can", "read", "--token=" + SECRET), token + " (see 'labelgate can --help')"),
                arguments(List.of("app", "--bearer", SECRET, "stop"), token + " (see 'labelgate app --help')"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("secretsOnTheCommandLine")
    void refusesASecretPassedAsAnArgumentWithoutEchoingIt(List<String> args, String line) {
        Run run = Run.of(ENV, args.toArray(String[]::new));

        assertEquals(ExitCodes.USAGE, run.exitCode());
        assertEquals(List.of(line), run.errLines());
        assertEquals("", run.out());
        assertFalse(run.printed().contains(SECRET));
    }

    @Test
    void strayArgumentsAreCountedNotEchoed() {
        Run run = Run.of(ENV, "token", "get", "an-id", SECRET);

        assertEquals(ExitCodes.USAGE, run.exitCode());
        assertEquals(
                List.of("labelgate: unexpected argument (not shown) (see 'labelgate token get --help')"),
                run.errLines());
    }

    @Test
    void unknownOptionIsNamedWithoutItsValue() {
        Run run = Run.of(ENV, "token", "list", "--colour=" + SECRET);

        assertEquals(ExitCodes.USAGE, run.exitCode());
        assertEquals(List.of("labelgate: unknown option --colour (see 'labelgate token list --help')"), run.errLines());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"token list", "app status", "can read"})
    void missingUrlIsOneLineAndExit2(String command) {
        Run run = Run.of(Map.of("LABELGATE_ADMIN_SECRET", SECRET, "LABELGATE_TOKEN", SECRET), command.split(" "));

        assertEquals(ExitCodes.USAGE, run.exitCode());
        assertEquals(
                List.of(
                        "labelgate: no app URL: pass --url URL or set LABELGATE_URL, e.g. http://127.0.0.1:8080/ai-app"),
                run.errLines());
    }

    static Stream<Arguments> badUrls() {
        return Stream.of(
                arguments(
                        "ftp://127.0.0.1/ai-app",
                        "labelgate: --url must be an http or https URL with a host, e.g. http://127.0.0.1:8080/ai-app"),
                arguments(
                        "example.org/ai-app",
                        "labelgate: --url must be an http or https URL with a host, e.g. http://127.0.0.1:8080/ai-app"),
                arguments(
                        "http://admin:" + SECRET + "@127.0.0.1/ai-app",
                        "labelgate: --url must not carry user info (user:password@)"),
                arguments(
                        "http://127.0.0.1/ai-app?x=1",
                        "labelgate: --url must not have a query or a fragment: give the app's base URL"),
                arguments(
                        "http://127.0.0.1/a b",
                        "labelgate: --url is not a valid URL; expected e.g. http://127.0.0.1:8080/ai-app"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badUrls")
    void badUrlIsOneLineWithoutEchoingIt(String url, String line) {
        Run run = Run.of(Map.of("LABELGATE_ADMIN_SECRET", SECRET), "token", "list", "--url", url);

        assertEquals(ExitCodes.USAGE, run.exitCode());
        assertEquals(List.of(line), run.errLines());
        assertFalse(run.printed().contains(SECRET));
    }

    static Stream<Arguments> usageErrors() {
        return Stream.of(
                arguments(
                        List.of("token", "create", "--name", "n", "--role", "read", "--region", "GRA"),
                        "labelgate: Missing required argument (specify one of these): (--selector=SELECTOR | --all-apps) "
                                + "(see 'labelgate token create --help')"),
                arguments(
                        List.of(
                                "token",
                                "create",
                                "--name",
                                "n",
                                "--role",
                                "read",
                                "--region",
                                "GRA",
                                "--selector",
                                "group=A",
                                "--all-apps"),
                        "labelgate: --selector=SELECTOR, --all-apps are mutually exclusive (specify only one) "
                                + "(see 'labelgate token create --help')"),
                arguments(
                        List.of("token", "create", "--name", "n", "--role", "admin", "--region", "GRA", "--all-apps"),
                        "labelgate: Invalid value for option '--role': expected read or operator, not 'admin' "
                                + "(see 'labelgate token create --help')"),
                arguments(
                        List.of(
                                "token",
                                "create",
                                "--name",
                                "n",
                                "--role",
                                "read",
                                "--region",
                                "GRA",
                                "--all-apps",
                                "--expires-at",
                                "tomorrow"),
                        "labelgate: Invalid value for option '--expires-at': expected a date such as 2030-01-31 (the end "
                                + "of that day, UTC) or an instant such as 2030-01-31T12:00:00Z, not 'tomorrow' "
                                + "(see 'labelgate token create --help')"),
                arguments(
                        List.of(
                                "token",
                                "create",
                                "--name",
                                "n",
                                "--role",
                                "read",
                                "--region",
                                "GRA",
                                "--all-apps",
                                "--expires-at",
                                "10000-01-01"),
                        "labelgate: Invalid value for option '--expires-at': expected a date such as 2030-01-31 (the end "
                                + "of that day, UTC) or an instant such as 2030-01-31T12:00:00Z, not '10000-01-01' "
                                + "(see 'labelgate token create --help')"),
                arguments(
                        List.of(
                                "token",
                                "create",
                                "--name",
                                "n",
                                "--role",
                                "read",
                                "--region",
                                "GRA",
                                "--all-apps",
                                "--expires-in",
                                "3 months"),
                        "labelgate: Invalid value for option '--expires-in': expected a number of hours, days or weeks "
                                + "such as 12h, 90d or 2w, not '3 months' (see 'labelgate token create --help')"),
                arguments(
                        List.of(
                                "token",
                                "create",
                                "--name",
                                "n",
                                "--role",
                                "read",
                                "--region",
                                "GRA",
                                "--all-apps",
                                "--expires-in",
                                "90d",
                                "--expires-at",
                                "2030-01-31"),
                        "labelgate: --expires-at=DATE|INSTANT, --expires-in=DURATION are mutually exclusive (specify only "
                                + "one) (see 'labelgate token create --help')"),
                arguments(
                        List.of(
                                "token",
                                "create",
                                "--name",
                                "n",
                                "--role",
                                "read",
                                "--region",
                                "GRA",
                                "--all-apps",
                                "--expires-in",
                                "999999999w"),
                        "labelgate: --expires-in reaches past 9999-12-31T23:59:59Z, the latest expiry"),
                arguments(
                        List.of("token", "create", "--selector", "group=A", "--role", "read", "--region", "GRA"),
                        "labelgate: Missing required option: '--name=NAME' (see 'labelgate token create --help')"),
                arguments(
                        List.of("can", "write"),
                        "labelgate: Invalid value for positional parameter at index 0 (read|manage): expected read or "
                                + "manage, not 'write' (see 'labelgate can --help')"),
                arguments(
                        List.of("--output", "yaml", "app", "status"),
                        "labelgate: Invalid value for option '--output': expected text or json, not 'yaml' "
                                + "(see 'labelgate --help')"),
                arguments(
                        List.of("token", "get"),
                        "labelgate: Missing required parameter: 'ID' (see 'labelgate token get --help')"),
                arguments(
                        List.of("app", "restart"),
                        "labelgate: unexpected argument (not shown) (see 'labelgate app --help')"),
                arguments(
                        List.of("token"),
                        "labelgate: name a token command: create, list, get, regenerate or delete (see 'labelgate token --help')"),
                arguments(List.of(), "labelgate: name a command: token, app or can (see 'labelgate --help')"),
                arguments(
                        List.of("app", "status", "--timeout", "0"),
                        "labelgate: --timeout must be between 1 and 3600 seconds"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("usageErrors")
    void usageErrorIsOneLineOnStderrAndExit2(List<String> args, String line) {
        Run run = Run.of(
                Map.of(
                        "LABELGATE_URL",
                        "http://127.0.0.1:1/ai-app",
                        "LABELGATE_TOKEN",
                        "t",
                        "LABELGATE_ADMIN_SECRET",
                        SECRET),
                args.toArray(String[]::new));

        assertEquals(ExitCodes.USAGE, run.exitCode(), run::err);
        assertEquals(List.of(line), run.errLines());
        assertEquals("", run.out());
    }

    @Test
    void globalOptionsAreAcceptedAfterTheSubcommandToo() {
        Run before = Run.of(Map.of(), "--url", "http://127.0.0.1:1/ai-app", "--timeout", "2", "app", "status");
        Run after = Run.of(Map.of(), "app", "status", "--url", "http://127.0.0.1:1/ai-app", "--timeout", "2");

        assertEquals(ExitCodes.USAGE, before.exitCode());
        assertEquals(
                List.of("labelgate: no token: set LABELGATE_TOKEN or pass --token-file FILE (never the token itself "
                        + "as an argument)"),
                before.errLines());
        assertEquals(before, after);
    }

    @Test
    void helpOfEverySubcommandListsTheExitCodesAndNoSecretOption() {
        for (String command : List.of(
                "token create",
                "token list",
                "token get",
                "token regenerate",
                "token delete",
                "app status",
                "app start",
                "app stop",
                "app delete",
                "can")) {
            Run help = Run.of(Map.of(), (command + " --help").split(" "));

            assertEquals(0, help.exitCode(), command);
            assertTrue(help.outLines().contains("Exit codes:"), command);
            assertTrue(help.outLines().contains("  7   server error (HTTP 5xx, including 503)"), command);
            assertFalse(help.out().contains("--admin-secret=") || help.out().contains("--token="), command);
        }
    }
}
