package io.labelgate.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * {@code labelgate audit}: the audit trail from the admin API ({@code GET <url>/labelgate/api/audit},
 * docs/contract.md, "Audit trail"), newest first, with the admin secret.
 */
@Command(
        name = "audit",
        description = {
            "Who changed which token, key or app, and who was refused: the audit trail, newest first "
                    + "(admin API; needs the admin secret).",
            "Filters combine. Times are UTC. When there are older entries, the last line says how to see them."
        })
final class AuditCommand implements Callable<Integer> {

    private static final String[] COLUMNS = {"TIME (UTC)", "ACTOR", "ACTION", "TARGET", "OUTCOME", "SOURCE", "DETAIL"};

    @ParentCommand
    private LabelgateCommand root;

    @Option(
            names = "--admin-secret-file",
            paramLabel = "FILE",
            description = "read the admin secret from the first line of FILE (default: env "
                    + TokenCommand.SECRET_VARIABLE + ")")
    private Path adminSecretFile;

    @Option(
            names = "--since",
            paramLabel = "WHEN",
            description = "entries from this instant (2026-12-01T09:00:00Z) or day (2026-12-01, from its start)")
    private String since;

    @Option(
            names = "--actor",
            paramLabel = "NAME",
            description = "entries by this actor: an administrator's name, admin-secret, an operator token's id")
    private String actor;

    @Option(names = "--target", paramLabel = "ID", description = "entries about this token id, kid or app id")
    private String target;

    @Option(
            names = "--action",
            paramLabel = "ACTION",
            description = "entries of this action, e.g. token.deleted, token.created, key.rotated, app.stopped, "
                    + "admin.refused")
    private String action;

    @Option(names = "--limit", paramLabel = "N", description = "at most N entries (1 to 500; default 100)")
    private Integer limit;

    @Option(
            names = "--before",
            paramLabel = "ID",
            description = "entries older than the entry with this id: the next page, as the last line says")
    private String before;

    @Override
    public Integer call() {
        Credential secret = Credential.resolve(
                "admin secret", adminSecretFile, "--admin-secret-file", TokenCommand.SECRET_VARIABLE, root.env());
        QueryString filters = new QueryString()
                .put("since", since)
                .put("actor", actor)
                .put("target", target)
                .put("action", action)
                .put("limit", limit == null ? null : String.valueOf(limit))
                .put("before", before);
        ApiClient.ApiResponse answer = root.client().send("GET", "/audit" + filters, secret, null, Set.of());
        JsonNode page = answer.json();
        if (!page.path("entries").isArray()) {
            throw new CliException(ExitCodes.ERROR, "the answer to " + answer.where() + " is not an audit page");
        }
        if (root.json()) {
            TextViews.raw(root.out(), answer.body());
            return ExitCodes.OK;
        }
        if (page.get("entries").isEmpty()) {
            root.out().println("No entries.");
        } else {
            List<String[]> rows = new ArrayList<>();
            rows.add(COLUMNS);
            for (JsonNode entry : page.get("entries")) {
                rows.add(new String[] {
                    time(Json.text(entry, "at")),
                    text(entry, "actor"),
                    text(entry, "action"),
                    text(entry, "target"),
                    text(entry, "outcome"),
                    text(entry, "source"),
                    text(entry, "detail")
                });
            }
            TextViews.table(root.out(), rows);
        }
        String next = Json.text(page, "next");
        if (next != null) {
            filters.put("before", next);
            root.out()
                    .println("Older entries: labelgate audit "
                            + filters.parameters().entrySet().stream()
                                    .map(filter -> "--" + filter.getKey() + " " + filter.getValue())
                                    .collect(Collectors.joining(" ")));
        }
        root.out().flush();
        return ExitCodes.OK;
    }

    /** {@code 2026-12-02T09:05:42.123Z} as {@code 2026-12-02 09:05:42}. */
    private static String time(String instant) {
        if (instant == null || instant.length() < 19) {
            return instant == null ? "-" : instant;
        }
        return instant.substring(0, 10) + " " + instant.substring(11, 19);
    }

    private static String text(JsonNode entry, String name) {
        String value = Json.text(entry, name);
        return value == null || value.isEmpty() ? "-" : OneLine.of(value);
    }
}
