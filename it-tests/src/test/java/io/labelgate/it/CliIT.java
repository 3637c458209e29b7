package io.labelgate.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.labelgate.it.Cli.Result;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real {@code labelgate} command-line client ({@code cli/target/labelgate-cli.jar}, run as a
 * process, as a user runs it) against the sample on Payara Micro: tokens through the admin API,
 * the app's lifecycle and "can I?" with tokens, and the exit codes of cli/README.md.
 *
 * <p>{@code labelgate app delete} is not run here: a deleted app answers 410 to everything until
 * it is redeployed, which would break the other test classes sharing this server (deletion is
 * covered on the server side by {@link AppLifecycleRestartIT}, and the command's request by the
 * CLI's unit tests).
 */
class CliIT extends DeployedPlainSample {

    private static final String READ_NOT_MANAGE = "role \"read\" does not permit action \"manage\"";

    /** The app's base URL as {@code LABELGATE_URL} takes it: {@code http://127.0.0.1:<port>/ai-app}. */
    private String url() {
        return root().toString().replaceAll("/$", "");
    }

    private Result admin(String... args) {
        return Cli.admin(root(), args);
    }

    private Result withToken(String token, String... args) {
        return Cli.run(Map.of("LABELGATE_URL", url(), "LABELGATE_TOKEN", token), args);
    }

    @Test
    void tokenCreateListGetRegenerateDeleteThroughTheCli() {
        Result created = admin(
                "token",
                "create",
                "--name",
                "cli-reader",
                "--selector",
                "group=A",
                "--role",
                "read",
                "--region",
                "GRA",
                "--output",
                "json");

        assertEquals(0, created.exitCode(), created::err);
        assertEquals("", created.err());
        JsonNode token = AdminApi.parse(created.out());
        String id = token.get("id").textValue();
        String string = token.get("token").textValue();
        assertEquals("cli-reader", token.get("name").textValue());
        assertEquals("group=A", token.get("selector").textValue());
        assertEquals(false, token.get("allApps").booleanValue());
        assertEquals("read", token.get("role").textValue());
        assertEquals("GRA", token.get("region").textValue());
        assertEquals(1, token.get("generation").intValue());
        assertEquals("Hello, World!", Http.bearer(root(), string).body());

        Result listed = admin("token", "list", "--output", "json");
        assertEquals(0, listed.exitCode(), listed::err);
        JsonNode list = AdminApi.parse(listed.out());
        assertEquals(1, count(list, id), listed::out);
        list.forEach(each -> assertFalse(each.has("token"), "the list has no token field"));
        assertFalse(listed.out().contains(string));

        Result shown = admin("token", "get", id);
        assertEquals(0, shown.exitCode(), shown::err);
        assertEquals("id:         " + id, shown.outLines().get(0));
        assertEquals("selector:   group=A", shown.outLines().get(2));
        assertFalse(shown.out().contains(string));

        Result regenerated = admin("token", "regenerate", id);
        assertEquals(0, regenerated.exitCode(), regenerated::err);
        String fresh = regenerated.outLines().get(regenerated.outLines().size() - 1);
        assertNotEquals(string, fresh);
        assertEquals(200, Http.bearer(root(), fresh).statusCode());

        Result deleted = admin("token", "delete", id);
        assertEquals(new Result(0, "Deleted token " + id + ".\n", ""), deleted);
        assertEquals(new Result(5, "", "labelgate: no token with id " + id + "\n"), admin("token", "get", id));
    }

    @Test
    void everyExpiryFormIsSentAsTheInstantItMeans() {
        Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Result date = admin(
                "token",
                "create",
                "--name",
                "cli-date",
                "--selector",
                "group=A",
                "--role",
                "read",
                "--region",
                "GRA",
                "--expires-at",
                "2030-01-31",
                "--output",
                "json");
        Result lastDay = admin(
                "token",
                "create",
                "--name",
                "cli-last-day",
                "--selector",
                "group=A",
                "--role",
                "read",
                "--region",
                "GRA",
                "--expires-at",
                "9999-12-31",
                "--output",
                "json");
        Result duration = admin(
                "token",
                "create",
                "--name",
                "cli-duration",
                "--selector",
                "group=A",
                "--role",
                "read",
                "--region",
                "GRA",
                "--expires-in",
                "90d",
                "--output",
                "json");
        Instant after = Instant.now();

        for (Result created : List.of(date, lastDay, duration)) {
            assertEquals(0, created.exitCode(), created::err);
        }
        // a date is the end of that day, UTC, as on the Tokens page
        assertEquals(
                "2030-02-01T00:00:00Z",
                AdminApi.parse(date.out()).get("expiresAt").textValue());
        assertEquals(
                "9999-12-31T23:59:59Z",
                AdminApi.parse(lastDay.out()).get("expiresAt").textValue());
        Instant inNinetyDays =
                Instant.parse(AdminApi.parse(duration.out()).get("expiresAt").textValue());
        assertFalse(inNinetyDays.isBefore(before.plus(Duration.ofDays(90))), inNinetyDays::toString);
        assertFalse(inNinetyDays.isAfter(after.plus(Duration.ofDays(90))), inNinetyDays::toString);

        // the default list shows the date given, the last day the token works
        String id = AdminApi.parse(date.out()).get("id").textValue();
        Result listed = admin("token", "list");
        assertEquals(0, listed.exitCode(), listed::err);
        assertEquals(
                List.of("NAME", "ID", "ROLE", "REGION", "SELECTOR", "EXPIRES", "LAST USED (UTC)"),
                List.of(listed.outLines().get(0).split(" {2,}")));
        assertEquals(
                List.of(List.of("cli-date", id.substring(0, 8), "read", "GRA", "group=A", "2030-01-31", "never")),
                listed.outLines().stream()
                        .map(line -> List.of(line.split(" {2,}")))
                        .filter(cells -> cells.get(1).equals(id.substring(0, 8)))
                        .toList(),
                listed::out);
        listed.outLines().forEach(line -> assertTrue(line.codePointCount(0, line.length()) <= 80, line));

        for (Result created : List.of(date, lastDay, duration)) {
            assertEquals(
                    0,
                    admin(
                                    "token",
                                    "delete",
                                    AdminApi.parse(created.out()).get("id").textValue())
                            .exitCode());
        }
    }

    @Test
    void selectorTheServerRefusesExits2WithItsMessage() {
        Result refused = admin(
                "token",
                "create",
                "--name",
                "cli-bad-selector",
                "--selector",
                "group in (A",
                "--role",
                "read",
                "--region",
                "GRA");

        assertEquals(
                new Result(
                        2,
                        "",
                        "labelgate: invalid label selector at position 11: expected ',' or ')', "
                                + "found end of input (field selector)\n"),
                refused);
    }

    @Test
    void wrongAdminSecretExits3WithOneLine() {
        Result refused = Cli.run(
                Map.of("LABELGATE_URL", url(), "LABELGATE_ADMIN_SECRET", "not-the-admin-secret-at-all"),
                "token",
                "list");

        assertEquals(3, refused.exitCode());
        assertEquals(List.of("labelgate: the admin credential is not valid"), refused.errLines());
        assertEquals("", refused.out());
    }

    @Test
    void unreachableUrlExits6WithOneLine() {
        Result refused = Cli.run(
                Map.of("LABELGATE_URL", "http://127.0.0.1:1/ai-app", "LABELGATE_ADMIN_SECRET", AdminApi.SECRET),
                "token",
                "list");

        assertEquals(6, refused.exitCode());
        assertEquals(
                List.of("labelgate: cannot reach http://127.0.0.1:1/ai-app: connection refused"), refused.errLines());
        assertEquals("", refused.out());
    }

    @Test
    void appStatusWithAnOperatorToken() {
        Result status = withToken(api().operator("group=A").token(), "app", "status");

        assertEquals(new Result(0, "ai-app: running\n", ""), status);
    }

    @Test
    void canReadWithAReadTokenExits0() {
        assertEquals(
                new Result(0, "yes: read ai-app\n", ""),
                withToken(api().read("group=A").token(), "can", "read"));
    }

    @Test
    void canManageWithAReadTokenExits4WithThePolicysReason() {
        String reader = api().read("group=A").token();

        assertEquals(new Result(4, "no: " + READ_NOT_MANAGE + "\n", ""), withToken(reader, "can", "manage"));
        Result json = withToken(reader, "can", "manage", "--output", "json");
        assertEquals(4, json.exitCode());
        assertEquals(false, AdminApi.parse(json.out()).get("allow").booleanValue());
    }

    @Test
    void appStopWithAReadTokenExits4AndTheAppKeepsRunning() {
        String reader = api().read("group=A").token();

        Result refused = withToken(reader, "app", "stop");

        assertEquals(new Result(4, "", "labelgate: " + READ_NOT_MANAGE + "\n"), refused);
        assertEquals(new Result(0, "ai-app: running\n", ""), withToken(reader, "app", "status"));
    }

    @Test
    void operatorStopsAndStartsTheAppThroughTheCli() {
        String operator = api().operator("group=A").token();
        String reader = api().read("group=A").token();
        try {
            assertEquals(new Result(0, "ai-app: stopped\n", ""), withToken(operator, "app", "stop"));
            assertEquals(new Result(0, "ai-app: stopped\n", ""), withToken(operator, "app", "status"));
            assertEquals(503, Http.bearer(root(), reader).statusCode());

            assertEquals(new Result(0, "ai-app: running\n", ""), withToken(operator, "app", "start"));
            assertEquals(200, Http.bearer(root(), reader).statusCode());
            assertEquals("Hello, World!", Http.bearer(root(), reader).body());
        } finally {
            // never leave the shared app stopped for the test classes after this one
            AppLifecycleIT.call("POST", Http.loopback(base, "/labelgate/api/app/start"), operator);
        }
    }

    private static long count(JsonNode list, String id) {
        long count = 0;
        for (JsonNode each : list) {
            if (id.equals(each.get("id").textValue())) {
                count++;
            }
        }
        return count;
    }
}
