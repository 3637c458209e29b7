package io.labelgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.ScopeType;

import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code labelgate app …}: the lifecycle API of the app at {@code --url}
 * ({@code <url>/labelgate/api/app}), called with a token. Every answer is the app's state,
 * {@code {"id","name","region","labels","status"}}, printed as {@code ai-app: running}. And
 * {@code labelgate app access}: who can reach the app, from the admin API (with the admin secret).
 */
@Command(
        name = "app",
        description = "Show, start, stop or delete the app at --url (start, stop and delete need an operator token); "
                + "list who can reach it (access, with the admin secret).")
final class AppCommand implements Callable<Integer> {

    @ParentCommand
    private LabelgateCommand root;

    @Option(
            names = "--token-file",
            scope = ScopeType.INHERIT,
            paramLabel = "FILE",
            description = TokenSource.FILE_DESCRIPTION)
    private Path tokenFile;

    @Override
    public Integer call() {
        throw new CliException(
                ExitCodes.USAGE,
                "name an app command: status, start, stop, delete or access (see 'labelgate app --help')");
    }

    @Command(name = "status", description = "Show the app's state: running, stopped or deleted.")
    int status() {
        return show(send("GET", ""));
    }

    @Command(name = "start", description = "Start the app: it serves requests again.")
    int start() {
        return show(send("POST", "/start"));
    }

    @Command(name = "stop", description = "Stop the app: requests get 503 until it is started.")
    int stop() {
        return show(send("POST", "/stop"));
    }

    @Command(name = "delete", description = "Delete the app: it stops serving, for good.")
    int delete() {
        return show(send("DELETE", ""));
    }

    @Command(
            name = "access",
            description = {
                "Who can reach the app: every token the policy lets read it, and every one it lets manage it, "
                        + "as the decision engine decides for each token of the registry (expired ones left out).",
                "Admin API: needs the admin secret. Two tables as 'token list' prints them, then how many tokens "
                        + "were reviewed and how long it took."
            })
    int access(
            @Option(
                            names = "--admin-secret-file",
                            paramLabel = "FILE",
                            description = "read the admin secret from the first line of FILE (default: env "
                                    + TokenCommand.SECRET_VARIABLE + ")")
                    Path adminSecretFile,
            @Option(names = "--wide", description = "every field in full, one token a line, however wide")
                    boolean wide) {
        Credential secret = Credential.resolve(
                "admin secret", adminSecretFile, "--admin-secret-file", TokenCommand.SECRET_VARIABLE, root.env());
        ApiClient.ApiResponse answer = root.client().send("GET", "/app/access", secret, null, Set.of());
        JsonNode review = answer.json();
        if (!review.path("read").isArray() || !review.path("manage").isArray()) {
            throw new CliException(ExitCodes.ERROR, "the answer to " + answer.where() + " is not an access review");
        }
        if (root.json()) {
            TextViews.raw(root.out(), answer.body());
            return ExitCodes.OK;
        }
        root.out().println("May read (" + review.get("read").size() + "):");
        TextViews.tokenTable(root.out(), review.get("read"), wide);
        root.out().println();
        root.out().println("May manage (" + review.get("manage").size() + "):");
        TextViews.tokenTable(root.out(), review.get("manage"), wide);
        root.out().println();
        root.out()
                .println(review.path("reviewed").asInt() + " tokens reviewed in "
                        + review.path("tookMillis").asLong() + " ms.");
        root.out().flush();
        return ExitCodes.OK;
    }

    private ApiClient.ApiResponse send(String method, String path) {
        ApiClient client = root.client();
        return client.send(method, "/app" + path, TokenSource.resolve(tokenFile, root), null, Set.of());
    }

    private int show(ApiClient.ApiResponse answer) {
        JsonNode app = answer.json();
        String status = app.isObject() ? Json.text(app, "status") : null;
        if (status == null) {
            throw new CliException(ExitCodes.ERROR, "the answer to " + answer.where() + " has no status");
        }
        if (root.json()) {
            TextViews.raw(root.out(), answer.body());
        } else {
            String name = Json.text(app, "name");
            root.out().println((name == null ? "app" : name) + ": " + status);
        }
        return ExitCodes.OK;
    }
}
