package io.labelgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ScopeType;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code labelgate token …}: the admin API at {@code <url>/labelgate/api/tokens}, called with the
 * admin secret (docs/contract.md, "Token lifecycle").
 */
@Command(
        name = "token",
        description = "Create, list, show, regenerate and delete tokens (admin API; needs the admin secret).",
        subcommands = CreateTokenCommand.class)
final class TokenCommand implements Callable<Integer> {

    /** Environment variable of the admin secret. */
    static final String SECRET_VARIABLE = "LABELGATE_ADMIN_SECRET";

    @ParentCommand
    private LabelgateCommand root;

    @Option(
            names = "--admin-secret-file",
            scope = ScopeType.INHERIT,
            paramLabel = "FILE",
            description = "read the admin secret from the first line of FILE (default: env " + SECRET_VARIABLE
                    + "); the secret itself is never an argument")
    private Path adminSecretFile;

    @Override
    public Integer call() {
        throw new CliException(
                ExitCodes.USAGE,
                "name a token command: create, list, get, regenerate or delete " + "(see 'labelgate token --help')");
    }

    @Command(
            name = "list",
            description = {
                "List tokens, newest first: metadata only, never a token string.",
                "The table fits " + TextViews.WIDTH + " columns: ids cut to " + TextViews.SHORT_ID
                        + " characters, long "
                        + "names, regions and selectors cut with …, the expiry as the last day it works and the last use "
                        + "to the minute, both UTC. --wide shows every field in full, with the ids that get, regenerate "
                        + "and delete take.",
                "A token expiring within the server's warning window (labelgate.tokens.expiry-warning) has "
                        + TextViews.SOON + " after its expiry. The filters combine: every one given must hold."
            })
    int list(
            @Option(names = "--wide", description = "every field in full, one token a line, however wide") boolean wide,
            @Option(names = "--role", paramLabel = "ROLE", description = "only tokens of this role: read or operator")
                    String role,
            @Option(names = "--region", paramLabel = "REGION", description = "only tokens of this region, e.g. GRA")
                    String region,
            @Option(
                            names = "--expiring-before",
                            paramLabel = "WHEN",
                            description =
                                    "only tokens expiring before this instant (2026-12-01T09:00:00Z) or day (2026-12-01,"
                                            + " its start, UTC)")
                    String expiringBefore,
            @Option(
                            names = "--unused-since",
                            paramLabel = "WHEN",
                            description =
                                    "only tokens never used, or last used before this instant or day (its start, UTC)")
                    String unusedSince) {
        QueryString filters = new QueryString()
                .put("role", role)
                .put("region", region)
                .put("expiringBefore", expiringBefore)
                .put("unusedSince", unusedSince);
        Credential secret =
                Credential.resolve("admin secret", adminSecretFile, "--admin-secret-file", SECRET_VARIABLE, root.env());
        // a 400 naming a filter is the user's typing: a usage error
        ApiClient.ApiResponse answer = root.client()
                .send(
                        "GET",
                        "/tokens" + filters,
                        secret,
                        null,
                        filters.parameters().keySet());
        JsonNode tokens = answer.json();
        if (!tokens.isArray()) {
            throw new CliException(ExitCodes.ERROR, "the answer to " + answer.where() + " is not a list of tokens");
        }
        if (root.json()) {
            TextViews.raw(out(), answer.body());
        } else {
            TextViews.tokenTable(out(), tokens, wide);
        }
        return ExitCodes.OK;
    }

    @Command(name = "get", description = "Show one token's metadata.")
    int get(@Parameters(paramLabel = "ID", description = "the token's id") String id) {
        ApiClient.ApiResponse answer = send("GET", "/" + idSegment(id), null);
        JsonNode token = answer.json();
        if (root.json()) {
            TextViews.raw(out(), answer.body());
        } else {
            TextViews.tokenDetails(out(), token);
        }
        return ExitCodes.OK;
    }

    @Command(
            name = "regenerate",
            description = "Issue a new token string for the same id; the previous string stops working.")
    int regenerate(@Parameters(paramLabel = "ID", description = "the token's id") String id) {
        ApiClient.ApiResponse answer = send("POST", "/" + idSegment(id) + "/regenerate", null);
        printIssued(answer, "Regenerated");
        return ExitCodes.OK;
    }

    @Command(name = "delete", description = "Delete a token: it stops working.")
    int delete(@Parameters(paramLabel = "ID", description = "the token's id") String id) {
        send("DELETE", "/" + idSegment(id), null);
        if (!root.json()) {
            // the server answers 204 without a body: nothing to pass through in json mode
            out().println("Deleted token " + id + ".");
        }
        return ExitCodes.OK;
    }

    /** Prints a create or regenerate answer: the token string is its last line in text mode. */
    void printIssued(ApiClient.ApiResponse answer, String verb) {
        JsonNode token = answer.json();
        String string = Json.text(token, "token");
        if (string == null) {
            throw new CliException(ExitCodes.ERROR, "the answer to " + answer.where() + " carries no token string");
        }
        if (root.json()) {
            TextViews.raw(out(), answer.body());
        } else {
            TextViews.issued(out(), verb, token, string);
        }
    }

    /**
     * Sends to {@code <url>/labelgate/api/tokens<path>} with the admin secret.
     *
     * @param body the JSON body, every field taken from the user's arguments, or {@code null} for none
     */
    ApiClient.ApiResponse send(String method, String path, Map<String, Object> body) {
        ApiClient client = root.client();
        Credential secret =
                Credential.resolve("admin secret", adminSecretFile, "--admin-secret-file", SECRET_VARIABLE, root.env());
        return body == null
                ? client.send(method, "/tokens" + path, secret, null, Set.of())
                : client.send(method, "/tokens" + path, secret, Json.write(body), body.keySet());
    }

    /** "Now". */
    Clock clock() {
        return root.clock();
    }

    private PrintWriter out() {
        return root.out();
    }

    private static String idSegment(String id) {
        if (id.isBlank() || id.equals(".") || id.equals("..")) {
            throw new CliException(ExitCodes.USAGE, "ID must be a token id, as 'labelgate token list' shows");
        }
        return ApiClient.segment(id);
    }
}
