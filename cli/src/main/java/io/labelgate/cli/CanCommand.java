package io.labelgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code labelgate can read|manage}: asks the app's policy whether the token may take the action
 * ({@code GET <url>/labelgate/api/app/can?action=…}). The answer's {@code allow} is read
 * strictly: anything but a JSON boolean is an error, never a yes.
 */
@Command(
        name = "can",
        description = "Ask whether the token may read or manage the app at --url: exit 0 for yes, 4 for no.")
final class CanCommand implements Callable<Integer> {

    /** What a request wants (docs/contract.md, "Concepts"). */
    enum Action {
        /** Ordinary requests. */
        READ,
        /** Lifecycle requests: start, stop, delete. */
        MANAGE;

        /** Reads the lower-case word. */
        static final class Converter implements ITypeConverter<Action> {
            @Override
            public Action convert(String value) {
                return Choices.parse(Action.class, value);
            }
        }
    }

    @ParentCommand
    private LabelgateCommand root;

    @Parameters(paramLabel = "read|manage", converter = Action.Converter.class, description = "the action to ask about")
    private Action action;

    @Option(names = "--token-file", paramLabel = "FILE", description = TokenSource.FILE_DESCRIPTION)
    private Path tokenFile;

    @Override
    public Integer call() {
        ApiClient client = root.client();
        String wanted = action.name().toLowerCase(Locale.ROOT);
        ApiClient.ApiResponse answer = client.send(
                "GET", "/app/can?action=" + wanted, TokenSource.resolve(tokenFile, root), null, Set.of("action"));
        JsonNode decision = answer.json();
        JsonNode allow = decision.isObject() ? decision.get("allow") : null;
        if (allow == null || !allow.isBoolean()) {
            throw new CliException(ExitCodes.ERROR, "the answer to " + answer.where() + " has no boolean allow");
        }
        if (root.json()) {
            TextViews.raw(root.out(), answer.body());
        } else if (allow.booleanValue()) {
            root.out().println("yes: " + wanted + " " + appName(decision, client.base()));
        } else {
            List<String> reasons = reasons(decision);
            root.out()
                    .println("no: "
                            + (reasons.isEmpty()
                                    ? "the policy does not permit action " + wanted
                                    : String.join("; ", reasons)));
        }
        return allow.booleanValue() ? ExitCodes.OK : ExitCodes.DENIED;
    }

    private static List<String> reasons(JsonNode decision) {
        List<String> reasons = new ArrayList<>();
        JsonNode list = decision.get("reasons");
        if (list != null && list.isArray()) {
            list.forEach(reason -> {
                if (reason.isTextual() && !reason.textValue().isBlank()) {
                    reasons.add(OneLine.of(reason.textValue()));
                }
            });
        }
        return reasons;
    }

    /** The app's name from the answer when it has one, else the last segment of the base URL (the context root). */
    static String appName(JsonNode decision, URI base) {
        JsonNode app = decision.get("app");
        if (app != null && app.isTextual()) {
            return app.textValue();
        }
        if (app != null && app.isObject() && Json.text(app, "name") != null) {
            return Json.text(app, "name");
        }
        String path = base.getPath() == null ? "" : base.getPath();
        String last = path.substring(path.lastIndexOf('/') + 1);
        return last.isEmpty() ? base.getHost() : last;
    }
}
