package io.labelgate.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Each command against a fake labelgate on 127.0.0.1: the request it sends, what it prints, its exit code. */
class CommandsAgainstFakeServerTest {

    private static final String SECRET = "admin-secret-0123456789";
    private static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ0In0.c2lnbmF0dXJl";
    private static final String CREATED =
            "{\"id\":\"9f1c\",\"name\":\"ci-reader\",\"selector\":\"group=A\",\"allApps\":false,"
                    + "\"role\":\"read\",\"region\":\"GRA\",\"generation\":1,\"createdAt\":\"2025-01-01T00:00:00Z\","
                    + "\"expiresAt\":null,\"lastUsedAt\":null,\"token\":\"" + TOKEN + "\"}";
    /** As the admin API lists them: newest first. */
    private static final String LISTED = "[{\"id\":\"a2b4c6d8-0000-4000-8000-000000000002\",\"name\":\"everything\","
            + "\"selector\":\"\",\"allApps\":true,\"role\":\"operator\",\"region\":\"GRA\",\"generation\":3,"
            + "\"createdAt\":\"2025-02-01T00:00:00Z\",\"expiresAt\":null,\"lastUsedAt\":\"2025-03-01T10:07:00Z\"},"
            + "{\"id\":\"9f1c0e2a-0000-4000-8000-000000000001\",\"name\":\"ci-reader\",\"selector\":\"group=A\","
            + "\"allApps\":false,\"role\":\"read\",\"region\":\"GRA\",\"generation\":1,"
            + "\"createdAt\":\"2025-01-01T00:00:00Z\",\"expiresAt\":\"2030-02-01T00:00:00Z\",\"lastUsedAt\":null}]";

    private static final String RUNNING = "{\"id\":\"00000000-0000-0000-0000-000000000000\",\"name\":\"ai-app\","
            + "\"region\":\"GRA\",\"labels\":{\"group\":\"A\"},\"status\":\"running\"}";

    private static final ObjectMapper JSON = new ObjectMapper();

    private FakeServer server;
    private Map<String, String> env;

    @TempDir
    Path dir;

    @BeforeEach
    void start() throws IOException {
        server = new FakeServer();
        env = new HashMap<>(
                Map.of("LABELGATE_URL", server.url(), "LABELGATE_ADMIN_SECRET", SECRET, "LABELGATE_TOKEN", TOKEN));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Run run(String... args) {
        return Run.of(env, args);
    }

    /** One token of a list answer: read, region GRA, never expires, never used. */
    private static String listed(String id, String name, String selector, String createdAt) {
        return "{\"id\":\"" + id + "\",\"name\":\"" + name + "\",\"selector\":\"" + selector + "\",\"allApps\":false,"
                + "\"role\":\"read\",\"region\":\"GRA\",\"generation\":1,\"createdAt\":\"" + createdAt + "\","
                + "\"expiresAt\":null,\"lastUsedAt\":null}";
    }

    @Test
    void createPostsTheDocumentedBodyAndPrintsTheTokenOnTheLastLine() throws IOException {
        server.answerJson(201, CREATED);

        Run run = run(
                "token",
                "create",
                "--name",
                "ci-reader",
                "--selector",
                "group=A",
                "--role",
                "read",
                "--region",
                "GRA",
                "--expires-at",
                "2030-01-01T00:00:00Z");

        assertEquals(0, run.exitCode(), run::err);
        assertEquals("", run.err());
        FakeServer.Seen seen = server.last();
        assertEquals("POST", seen.method());
        assertEquals("/ai-app/labelgate/api/tokens", seen.pathAndQuery());
        assertEquals("Bearer " + SECRET, seen.authorization());
        assertEquals("application/json", seen.contentType());
        assertEquals(
                JSON.readTree("{\"name\":\"ci-reader\",\"selector\":\"group=A\",\"allApps\":false,\"role\":\"read\","
                        + "\"region\":\"GRA\",\"expiresAt\":\"2030-01-01T00:00:00Z\"}"),
                JSON.readTree(seen.body()));
        assertEquals(
                List.of(
                        "Created token 9f1c \"ci-reader\": role read, region GRA, selector group=A, expires never.",
                        "The token is shown only this once; store it now:",
                        TOKEN),
                run.outLines());
        assertFalse(run.printed().contains(SECRET));
    }

    @ParameterizedTest(name = "{0} {1} -> expiresAt {2}")
    @CsvSource({
        "--expires-at, 2030-01-31,           2030-02-01T00:00:00Z",
        "--expires-at, 9999-12-31,           9999-12-31T23:59:59Z",
        "--expires-at, 2030-01-31T12:00:00Z, 2030-01-31T12:00:00Z",
        "--expires-in, 12h,                  2030-01-01T22:15:30Z",
        "--expires-in, 90d,                  2030-04-01T10:15:30Z",
        "--expires-in, 2w,                   2030-01-15T10:15:30Z"
    })
    void createSendsEveryExpiryFormAsTheInstantTheAdminApiTakes(String option, String value, String expiresAt)
            throws IOException {
        server.answerJson(201, CREATED);
        Clock now = Clock.fixed(Instant.parse("2030-01-01T10:15:30.500Z"), ZoneOffset.UTC);

        Run run = Run.at(
                now,
                env,
                "token",
                "create",
                "--name",
                "ci-reader",
                "--selector",
                "group=A",
                "--role",
                "read",
                "--region",
                "GRA",
                option,
                value);

        assertEquals(0, run.exitCode(), run::err);
        assertEquals(
                JSON.readTree("{\"name\":\"ci-reader\",\"selector\":\"group=A\",\"allApps\":false,\"role\":\"read\","
                        + "\"region\":\"GRA\",\"expiresAt\":\"" + expiresAt + "\"}"),
                JSON.readTree(server.last().body()));
    }

    @Test
    void createHelpSaysWhatADateMeans() {
        Run help = run("token", "create", "--help");

        assertEquals(0, help.exitCode());
        int at = help.outLines().indexOf("      --expires-at=DATE|INSTANT");
        assertEquals(
                List.of(
                        "      --expires-at=DATE|INSTANT",
                        "                             when it stops working (default: never): a date is",
                        "                               the end of that day, UTC, so 2030-01-31 works",
                        "                               all that day; an instant is exact, e.g.",
                        "                               2030-01-31T12:00:00Z; the latest is 9999-12-31",
                        "      --expires-in=DURATION  how long from now it works: hours, days or weeks,",
                        "                               e.g. 12h, 90d, 2w (instead of --expires-at)"),
                help.outLines().subList(Math.max(at, 0), Math.max(at, 0) + 7),
                help::out);
    }

    @Test
    void createWithAllAppsSendsNoSelectorAndAnExplicitAllApps() throws IOException {
        server.answerJson(201, CREATED);

        Run run = run("token", "create", "--name", "ops", "--all-apps", "--role", "OPERATOR", "--region", "GRA");

        assertEquals(0, run.exitCode(), run::err);
        assertEquals(
                JSON.readTree("{\"name\":\"ops\",\"selector\":null,\"allApps\":true,\"role\":\"operator\","
                        + "\"region\":\"GRA\",\"expiresAt\":null}"),
                JSON.readTree(server.last().body()));
    }

    @Test
    void jsonOutputIsTheServersAnswerUnchanged() {
        server.answerJson(201, CREATED);

        Run run = run(
                "token",
                "create",
                "--name",
                "ci-reader",
                "--selector",
                "group=A",
                "--role",
                "read",
                "--region",
                "GRA",
                "--output",
                "json");

        assertEquals(0, run.exitCode(), run::err);
        assertEquals(CREATED + "\n", run.out());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "token list            | GET    | /ai-app/labelgate/api/tokens",
                "token get 9f1c        | GET    | /ai-app/labelgate/api/tokens/9f1c",
                "token get a/../b      | GET    | /ai-app/labelgate/api/tokens/a%2F..%2Fb",
                "token get @/etc/hosts | GET    | /ai-app/labelgate/api/tokens/%40%2Fetc%2Fhosts",
                "app status            | GET    | /ai-app/labelgate/api/app",
                "app start             | POST   | /ai-app/labelgate/api/app/start",
                "app stop              | POST   | /ai-app/labelgate/api/app/stop",
                "app delete            | DELETE | /ai-app/labelgate/api/app",
                "can read              | GET    | /ai-app/labelgate/api/app/can?action=read",
                "can MANAGE            | GET    | /ai-app/labelgate/api/app/can?action=manage"
            })
    void sendsEachCommandToItsEndpointWithTheRightCredential(String command, String method, String path) {
        boolean admin = command.startsWith("token");
        server.answerJson(
                200,
                admin
                        ? (command.equals("token list") ? "[]" : CREATED.replace(",\"token\":\"" + TOKEN + "\"", ""))
                        : command.startsWith("can") ? "{\"action\":\"read\",\"allow\":true,\"reasons\":[]}" : RUNNING);

        Run run = run(command.split(" "));

        assertEquals(0, run.exitCode(), run::err);
        assertEquals(method, server.last().method());
        assertEquals(path, server.last().pathAndQuery());
        assertEquals("Bearer " + (admin ? SECRET : TOKEN), server.last().authorization());
        assertEquals(null, server.last().contentType());
    }

    @Test
    void regeneratePrintsTheNewToken() {
        server.answerJson(200, CREATED.replace("\"generation\":1", "\"generation\":2"));

        Run run = run("token", "regenerate", "9f1c");

        assertEquals(0, run.exitCode(), run::err);
        assertEquals(
                "POST /ai-app/labelgate/api/tokens/9f1c/regenerate",
                server.last().method() + " " + server.last().pathAndQuery());
        assertEquals(TOKEN, run.outLines().get(run.outLines().size() - 1));
        assertEquals(
                "Regenerated token 9f1c \"ci-reader\": role read, region GRA, selector group=A, expires never.",
                run.outLines().get(0));
    }

    @Test
    void deleteSaysSoAndPrintsNothingInJson() {
        server.answer(204, null, "");

        Run text = run("token", "delete", "9f1c");
        Run json = run("token", "delete", "9f1c", "--output", "json");

        assertEquals(
                "DELETE /ai-app/labelgate/api/tokens/9f1c",
                server.last().method() + " " + server.last().pathAndQuery());
        assertEquals(new Run(0, "Deleted token 9f1c.\n", ""), text);
        assertEquals(new Run(0, "", ""), json);
    }

    @Test
    void listPrintsATableThatFitsEightyColumnsInTextAndTheArrayInJson() {
        server.answerJson(200, LISTED);

        Run text = run("token", "list");
        Run json = run("token", "list", "--output=json");

        assertEquals(
                List.of(
                        "NAME        ID        ROLE      REGION  SELECTOR    EXPIRES     LAST USED (UTC)",
                        "everything  a2b4c6d8  operator  GRA     (all apps)  never       2025-03-01 10:07",
                        "ci-reader   9f1c0e2a  read      GRA     group=A     2030-01-31  never"),
                text.outLines());
        assertEquals(new Run(0, LISTED + "\n", ""), json);
    }

    @Test
    void listMarksATokenExpiringWithinTheWarningWindowAndCutsWhatNoLongerFitsEightyColumns() {
        server.answerJson(200, LISTED.replace("\"lastUsedAt\":null}", "\"lastUsedAt\":null,\"expiringSoon\":true}"));

        Run text = run("token", "list");
        Run wide = run("token", "list", "--wide");

        assertEquals(
                List.of(
                        "NAME       ID        ROLE      REGION  SELECTOR   EXPIRES       LAST USED (UTC)",
                        "everythi…  a2b4c6d8  operator  GRA     (all app…  never         2025-03-01 10:07",
                        "ci-reader  9f1c0e2a  read      GRA     group=A    2030-01-31 !  never",
                        "! expires within the warning window (labelgate.tokens.expiry-warning)"),
                text.outLines());
        assertEquals(
                "9f1c0e2a-0000-4000-8000-000000000001  ci-reader   group=A     read      GRA     2025-01-01T00:00:00Z  "
                        + "2030-02-01T00:00:00Z !  never",
                wide.outLines().get(2));
        assertEquals(80, text.outLines().get(1).length());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "token list --role operator                      | /ai-app/labelgate/api/tokens?role=operator",
                "token list --region GRA --role read             | /ai-app/labelgate/api/tokens?role=read&region=GRA",
                "token list --expiring-before 2026-12-20         | /ai-app/labelgate/api/tokens?expiringBefore=2026-12-20",
                "token list --unused-since 2026-12-01T09:00:00Z  | /ai-app/labelgate/api/tokens?unusedSince=2026-12-01T09%3A00%3A00Z",
                "token list --region EU&WEST --wide              | /ai-app/labelgate/api/tokens?region=EU%26WEST",
            })
    void listSendsItsFiltersAsTheQueryTheAdminApiTakes(String command, String pathAndQuery) {
        server.answerJson(200, "[]");

        Run run = run(command.split(" "));

        assertEquals(new Run(0, "No tokens.\n", ""), run);
        assertEquals(pathAndQuery, server.last().pathAndQuery());
    }

    @Test
    void aFilterTheServerRefusesIsAUsageError() {
        server.answerJson(
                400,
                "{\"type\":\"about:blank\",\"title\":\"Bad Request\",\"status\":400,"
                        + "\"detail\":\"must be one of read, operator\",\"field\":\"role\"}");

        Run run = run("token", "list", "--role", "admin");

        assertEquals(new Run(2, "", "labelgate: must be one of read, operator (field role)\n"), run);
    }

    @Test
    void listWideShowsEveryFieldInFull() {
        server.answerJson(200, LISTED);

        Run wide = run("token", "list", "--wide");

        assertEquals(
                List.of(
                        "ID                                    NAME        SELECTOR    ROLE      REGION  CREATED               EXPIRES               LAST USED",
                        "a2b4c6d8-0000-4000-8000-000000000002  everything  (all apps)  operator  GRA     2025-02-01T00:00:00Z  never                 2025-03-01T10:07:00Z",
                        "9f1c0e2a-0000-4000-8000-000000000001  ci-reader   group=A     read      GRA     2025-01-01T00:00:00Z  2030-02-01T00:00:00Z  never"),
                wide.outLines());
    }

    @Test
    void listKeepsTheServersNewestFirstOrder() {
        server.answerJson(
                200,
                "[" + listed("c", "third", "group=A", "2025-03-01T00:00:00Z") + ","
                        + listed("b", "second", "group=A", "2025-02-01T00:00:00Z") + ","
                        + listed("a", "first", "group=A", "2025-01-01T00:00:00Z") + "]");

        Run run = run("token", "list");

        assertEquals(0, run.exitCode(), run::err);
        assertEquals(
                List.of("third", "second", "first"),
                run.outLines().stream()
                        .skip(1)
                        .map(line -> line.substring(0, line.indexOf(' ')))
                        .toList());
    }

    @Test
    void listCutsLongNamesRegionsAndSelectorsWidestFirstToFitEightyColumns() {
        String selector = "tier in (gpu,cpu),group=A,environment notin (staging,development),!deprecated";
        String name = "nightly-batch-reader-for-the-analytics-team";
        server.answerJson(
                200,
                "["
                        + listed("9f1c0e2a-0000-4000-8000-000000000001", name, selector, "2025-01-01T00:00:00Z")
                                .replace("\"GRA\"", "\"EU-WEST-PARIS-3\"")
                        + "]");

        Run run = run("token", "list");

        assertEquals(
                List.of(
                        "NAME         ID        ROLE  REGION       SELECTOR      EXPIRES  LAST USED (UTC)",
                        "nightly-ba…  9f1c0e2a  read  EU-WEST-PA…  tier in (gp…  never    never"),
                run.outLines());
        assertEquals(80, run.outLines().get(0).length());
    }

    @Test
    void listCutsOnlyWhatDoesNotFit() {
        String selector = "tier in (gpu,cpu),group=A,environment notin (staging,development),!deprecated";
        server.answerJson(
                200,
                "[" + listed("9f1c0e2a-0000-4000-8000-000000000001", "ci", selector, "2025-01-01T00:00:00Z") + "]");

        Run run = run("token", "list");

        assertEquals(
                List.of(
                        "NAME  ID        ROLE  REGION  SELECTOR                  EXPIRES  LAST USED (UTC)",
                        "ci    9f1c0e2a  read  GRA     tier in (gpu,cpu),group…  never    never"),
                run.outLines());
        assertEquals(80, run.outLines().get(0).length());
    }

    @Test
    void getPrintsTheMetadata() {
        server.answerJson(200, LISTED.substring(LISTED.indexOf("},{") + 2, LISTED.length() - 1));

        Run run = run("token", "get", "9f1c0e2a-0000-4000-8000-000000000001");

        assertEquals(
                List.of(
                        "id:         9f1c0e2a-0000-4000-8000-000000000001",
                        "name:       ci-reader",
                        "selector:   group=A",
                        "role:       read",
                        "region:     GRA",
                        "generation: 1",
                        "created:    2025-01-01T00:00:00Z",
                        "expires:    2030-02-01T00:00:00Z",
                        "last used:  never"),
                run.outLines());
    }

    @Test
    void appCommandsPrintNameAndStatus() {
        server.answerJson(200, RUNNING.replace("running", "stopped"));

        Run text = run("app", "stop");
        Run json = run("app", "stop", "--output", "json");

        assertEquals(new Run(0, "ai-app: stopped\n", ""), text);
        assertEquals(new Run(0, RUNNING.replace("running", "stopped") + "\n", ""), json);
    }

    @Test
    void appAccessAsksTheAdminApiWithTheSecretAndPrintsWhoMayReadAndWhoMayManage() {
        String manage = LISTED.substring(0, LISTED.indexOf("},{") + 1) + "]";
        String review = "{\"read\":" + LISTED + ",\"manage\":" + manage + ",\"reviewed\":3,\"tookMillis\":4}";
        server.answerJson(200, review);

        Run text = run("app", "access");

        assertEquals(0, text.exitCode(), text::err);
        assertEquals("GET", server.last().method());
        assertEquals("/ai-app/labelgate/api/app/access", server.last().pathAndQuery());
        assertEquals("Bearer " + SECRET, server.last().authorization());
        List<String> lines = text.outLines();
        assertEquals("May read (2):", lines.get(0));
        assertTrue(lines.get(2).startsWith("everything "), lines::toString);
        assertTrue(lines.get(3).startsWith("ci-reader "), lines::toString);
        assertEquals("May manage (1):", lines.get(5));
        assertTrue(lines.get(7).startsWith("everything "), lines::toString);
        assertEquals("3 tokens reviewed in 4 ms.", lines.get(lines.size() - 1));
        assertEquals(new Run(0, review + "\n", ""), run("app", "access", "--output", "json"));
    }

    @Test
    void auditAsksWithTheFiltersAndSaysHowToReadOlderEntries() {
        String page = "{\"entries\":[{\"id\":\"42\",\"at\":\"2026-12-01T09:05:42.123Z\",\"actor\":\"alice\","
                + "\"actorKind\":\"administrator\",\"source\":\"10.0.0.7\",\"action\":\"token.deleted\","
                + "\"target\":\"0b6c\",\"outcome\":\"succeeded\",\"detail\":null}],\"next\":\"42\"}";
        server.answerJson(200, page);

        Run text = run("audit", "--action", "token.deleted", "--since", "2026-12-01", "--limit", "1");

        assertEquals(0, text.exitCode(), text::err);
        assertEquals("GET", server.last().method());
        assertEquals(
                "/ai-app/labelgate/api/audit?since=2026-12-01&action=token.deleted&limit=1",
                server.last().pathAndQuery());
        assertEquals("Bearer " + SECRET, server.last().authorization());
        assertEquals(
                List.of(
                        "TIME (UTC)           ACTOR  ACTION         TARGET  OUTCOME    SOURCE    DETAIL",
                        "2026-12-01 09:05:42  alice  token.deleted  0b6c    succeeded  10.0.0.7  -",
                        "Older entries: labelgate audit --since 2026-12-01 --action token.deleted --limit 1 --before 42"),
                text.outLines());
        assertEquals(new Run(0, page + "\n", ""), run("audit", "--output", "json"));
        assertEquals("/ai-app/labelgate/api/audit", server.last().pathAndQuery());
    }

    @Test
    void auditSaysSoWhenNoEntryMatches() {
        server.answerJson(200, "{\"entries\":[],\"next\":null}");

        assertEquals(new Run(0, "No entries.\n", ""), run("audit", "--actor", "bob smith"));
        assertEquals(
                "/ai-app/labelgate/api/audit?actor=bob+smith", server.last().pathAndQuery());
    }

    @Test
    void canAnswersYesWithExit0() {
        server.answerJson(200, "{\"action\":\"read\",\"allow\":true,\"reasons\":[]}");

        assertEquals(new Run(0, "yes: read ai-app\n", ""), run("can", "read"));
    }

    @Test
    void canAnswersNoWithTheReasonsAndExit4() {
        String denied =
                "{\"action\":\"manage\",\"allow\":false,\"reasons\":[\"role \\\"read\\\" does not permit action "
                        + "\\\"manage\\\"\",\"region EU does not match\"]}";
        server.answerJson(200, denied);

        assertEquals(
                new Run(4, "no: role \"read\" does not permit action \"manage\"; region EU does not match\n", ""),
                run("can", "manage"));
        assertEquals(new Run(4, denied + "\n", ""), run("can", "manage", "--output", "json"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"action\":\"read\",\"reasons\":[]}",
                "{\"action\":\"read\",\"allow\":\"true\"}",
                "{\"action\":\"read\",\"allow\":1}",
                "[true]"
            })
    void canTreatsAnAnswerWithoutABooleanAllowAsAnErrorNeverAYes(String answer) {
        server.answerJson(200, answer);

        Run run = run("can", "read");

        assertEquals(
                new Run(
                        1,
                        "",
                        "labelgate: the answer to GET " + server.url()
                                + "/labelgate/api/app/can?action=read has no boolean allow\n"),
                run);
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                arguments(
                        401,
                        "{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,"
                                + "\"detail\":\"the admin credential is not valid\",\"error\":\"invalid_token\"}",
                        3,
                        "labelgate: the admin credential is not valid"),
                arguments(
                        403,
                        "{\"type\":\"about:blank\",\"title\":\"Forbidden\",\"status\":403,"
                                + "\"detail\":\"role \\\"read\\\" does not permit action \\\"manage\\\"\"}",
                        4,
                        "labelgate: role \"read\" does not permit action \"manage\""),
                arguments(
                        404,
                        "{\"type\":\"about:blank\",\"title\":\"Not Found\",\"status\":404,"
                                + "\"detail\":\"no token with id 9f1c\"}",
                        5,
                        "labelgate: no token with id 9f1c"),
                arguments(
                        410,
                        "{\"type\":\"about:blank\",\"title\":\"Gone\",\"status\":410,"
                                + "\"detail\":\"the app was deleted\"}",
                        5,
                        "labelgate: the app was deleted"),
                arguments(
                        400,
                        "{\"type\":\"about:blank\",\"title\":\"Bad Request\",\"status\":400,"
                                + "\"detail\":\"must be read or operator\",\"field\":\"role\"}",
                        1,
                        "labelgate: must be read or operator (field role)"),
                arguments(
                        503,
                        "{\"type\":\"about:blank\",\"title\":\"Service Unavailable\",\"status\":503,"
                                + "\"detail\":\"the token registry is unavailable; try again later\"}",
                        7,
                        "labelgate: the token registry is unavailable; try again later"),
                arguments(
                        500,
                        "<html>boom</html>",
                        7,
                        "labelgate: the server answered HTTP 500 to GET %s/labelgate/api/tokens/9f1c"));
    }

    @ParameterizedTest(name = "HTTP {0} -> exit {2}")
    @MethodSource("refusals")
    void refusalIsTheProblemDetailInOneLineWithItsExitCode(int status, String body, int exitCode, String line) {
        server.answerJson(status, body);

        Run text = run("token", "get", "9f1c");
        Run json = run("token", "get", "9f1c", "--output", "json");

        assertEquals(new Run(exitCode, "", String.format(line, server.url()) + "\n"), text);
        assertEquals(text, json, "errors are the same line in json mode");
        assertFalse(text.printed().contains(SECRET));
    }

    static Stream<Arguments> createRefusals() {
        return Stream.of(
                arguments(
                        "{\"type\":\"about:blank\",\"title\":\"Bad Request\",\"status\":400,\"detail\":\"invalid label "
                                + "selector at position 11: expected ',' or ')', found end of input\",\"field\":\"selector\"}",
                        2,
                        "labelgate: invalid label selector at position 11: expected ',' or ')', found end of input "
                                + "(field selector)"),
                arguments(
                        "{\"type\":\"about:blank\",\"title\":\"Bad Request\",\"status\":400,"
                                + "\"detail\":\"must be in the future\",\"field\":\"expiresAt\"}",
                        2,
                        "labelgate: must be in the future (field expiresAt)"),
                arguments(
                        "{\"type\":\"about:blank\",\"title\":\"Bad Request\",\"status\":400,"
                                + "\"detail\":\"at most 100 characters\",\"field\":\"name\"}",
                        2,
                        "labelgate: at most 100 characters (field name)"),
                // not the user's arguments: the client's request was wrong, or the server is not the one expected
                arguments(
                        "{\"type\":\"about:blank\",\"title\":\"Bad Request\",\"status\":400,"
                                + "\"detail\":\"must be a JSON object\",\"field\":\"body\"}",
                        1,
                        "labelgate: must be a JSON object (field body)"),
                arguments(
                        "{\"type\":\"about:blank\",\"title\":\"Bad Request\",\"status\":400,"
                                + "\"detail\":\"the request body is not valid JSON\"}",
                        1,
                        "labelgate: the request body is not valid JSON"));
    }

    @ParameterizedTest(name = "{1}: {2}")
    @MethodSource("createRefusals")
    void badRequestNamingAFieldTheUserTypedIsAUsageErrorWithTheServersMessage(
            String problem, int exitCode, String line) {
        server.answerJson(400, problem);

        Run run = run(
                "token",
                "create",
                "--name",
                "ci-reader",
                "--selector",
                "group in (A",
                "--role",
                "read",
                "--region",
                "GRA",
                "--expires-at",
                "2020-01-31");

        assertEquals(new Run(exitCode, "", line + "\n"), run);
    }

    @Test
    void answerThatIsNotJsonIsAnError() {
        server.answer(200, "text/html", "<html>a login page</html>");

        Run run = run("app", "status");

        assertEquals(
                new Run(
                        1,
                        "",
                        "labelgate: the answer to GET " + server.url()
                                + "/labelgate/api/app is not JSON (is --url a labelgate app?)\n"),
                run);
    }

    @Test
    void answerTooSlowIsUnreachableAfterTheTimeout() {
        server.answerJson(200, RUNNING).delay(Duration.ofSeconds(3));

        Run run = run("app", "status", "--timeout", "1");

        assertEquals(new Run(6, "", "labelgate: no answer from " + server.url() + " within 1 s (--timeout)\n"), run);
    }

    @Test
    void closedPortIsUnreachable() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        env.put("LABELGATE_URL", "http://127.0.0.1:" + port + "/ai-app/");

        Run run = run("token", "list");

        assertEquals(
                new Run(6, "", "labelgate: cannot reach http://127.0.0.1:" + port + "/ai-app: connection refused\n"),
                run);
    }

    @Test
    void credentialsComeFromFilesWhenGiven() throws IOException {
        Path secretFile = Files.writeString(dir.resolve("admin-secret"), "file-secret-0123456789\n");
        Path tokenFile = Files.writeString(dir.resolve("token"), "file.token.string\n");
        server.answerJson(200, "[]");

        Run list = run("token", "--admin-secret-file", secretFile.toString(), "list");
        String listAuthorization = server.last().authorization();
        server.answerJson(200, RUNNING);
        Run status = run("app", "status", "--token-file", tokenFile.toString());

        assertEquals(new Run(0, "No tokens.\n", ""), list);
        assertEquals("Bearer file-secret-0123456789", listAuthorization);
        assertEquals(new Run(0, "ai-app: running\n", ""), status);
        assertEquals("Bearer file.token.string", server.last().authorization());
    }

    @Test
    void tokenStringNeverReachesStderrEvenWhenAnAnswerIsMalformed() {
        // a create answer without "id" and with a broken tail: still no token in any message
        server.answerJson(201, "{\"token\":\"" + TOKEN + "\",");

        Run run = run("token", "create", "--name", "n", "--all-apps", "--role", "read", "--region", "GRA");

        assertEquals(1, run.exitCode());
        assertEquals(
                List.of("labelgate: the answer to POST " + server.url() + "/labelgate/api/tokens is not JSON "
                        + "(is --url a labelgate app?)"),
                run.errLines());
        assertFalse(run.printed().contains(TOKEN));
    }
}
