package io.labelgate.console;

import io.labelgate.console.Template.Markup;
import io.labelgate.registry.Actor;
import io.labelgate.registry.AuditAction;
import io.labelgate.registry.AuditEntry;
import io.labelgate.registry.AuditTrail;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

import static java.util.Map.entry;

/**
 * The Audit page: the audit trail, newest first, filtered by the form at its top (since a day,
 * actor, target, action), a page at a time with a link to older entries. A table on a wide screen,
 * one card per entry on a phone.
 */
final class AuditPage {

    private static final Template OPTION =
            Template.of("<option value=\"{{value}}\" {{selected if selected}}>{{label}}</option>");
    private static final Template ROW = Template.of("""
            <tr data-audit-id="{{id}}"><td data-label="Time">{{{at}}}</td>\
            <td data-label="Actor" class="actor">{{actor}}{{{actorKind}}}</td>\
            <td data-label="Action" class="action">{{action}}</td><td data-label="Target" class="target">{{target}}</td>\
            <td data-label="Outcome"><span class="outcome {{outcome}}">{{outcome}}</span></td>\
            <td data-label="Source" class="source">{{source}}</td><td data-label="Detail" class="detail">{{detail}}</td></tr>
            """);
    private static final Template KIND = Template.of(" <span class=\"hint\">{{kind}}</span>");
    private static final Template OLDER =
            Template.of("<p><a id=\"older\" href=\"{{base}}/audit?{{query}}\">Older entries</a></p>\n");
    private static final Template EMPTY = Template.of("<p id=\"no-entries\">No entries match.</p>\n");
    private static final Template BODY = Template.of("""
            <h1>Audit</h1>
            <p class="hint">Who changed which token, key or app, and who was refused. Kept for {{retention}}.</p>
            <form id="audit-filter" class="card" method="get" action="{{base}}/audit">
              <label>Since (UTC day) <input id="since" name="since" type="date" value="{{since}}"></label>
              <label>Actor <input id="actor" name="actor" value="{{actor}}" placeholder="alice, admin-secret, a token id"></label>
              <label>Target <input id="target" name="target" value="{{target}}" placeholder="a token id, a kid, an app id"></label>
              <label>Action <select id="action" name="action"><option value="">any</option>{{{actions}}}</select></label>
              <button type="submit">Filter</button>
            </form>
            <div class="scroll"><table id="audit" class="list">
            <thead><tr><th scope="col">Time</th><th scope="col">Actor</th><th scope="col">Action</th><th scope="col">Target</th><th scope="col">Outcome</th><th scope="col">Source</th><th scope="col">Detail</th></tr></thead>
            <tbody>
            {{{rows}}}</tbody></table></div>
            {{{empty}}}{{{older}}}""");

    /**
     * @param base      the console's base path
     * @param csrf      the admin session's CSRF token
     * @param filters   the filters as the request sent them (empty strings for none), to fill the form
     * @param page      the entries to show and whether there are older ones
     * @param retention how long entries are kept, as the page says it
     */
    record Model(
            String base,
            String csrf,
            Map<String, String> filters,
            AuditTrail.Page page,
            String retention,
            String signedInAs) {
        Model {
            Objects.requireNonNull(base, "base");
            Objects.requireNonNull(csrf, "csrf");
            filters = Map.copyOf(filters);
            Objects.requireNonNull(page, "page");
            Objects.requireNonNull(retention, "retention");
        }

        /** A model that does not say who is signed in. */
        Model(String base, String csrf, Map<String, String> filters, AuditTrail.Page page, String retention) {
            this(base, csrf, filters, page, retention, null);
        }

        String filter(String name) {
            return filters.getOrDefault(name, "");
        }
    }

    private AuditPage() {}

    static Markup render(Model model) {
        List<Markup> rows = model.page().entries().stream().map(AuditPage::row).toList();
        Markup actions = Markup.join(Arrays.stream(AuditAction.values())
                .map(action -> OPTION.render(Map.of(
                        "value", action.wireName(),
                        "label", action.wireName(),
                        "selected", action.wireName().equals(model.filter("action")))))
                .toList());
        Markup older = model.page().next().isEmpty()
                ? Markup.EMPTY
                : OLDER.render(Map.of("base", model.base(), "query", olderQuery(model)));
        Markup body = BODY.render(Map.ofEntries(
                entry("base", model.base()),
                entry("retention", model.retention()),
                entry("since", model.filter("since")),
                entry("actor", model.filter("actor")),
                entry("target", model.filter("target")),
                entry("actions", actions),
                entry("rows", Markup.join(rows)),
                entry("empty", rows.isEmpty() ? EMPTY.render() : Markup.EMPTY),
                entry("older", older)));
        return Page.render(model.base(), "Audit - labelgate", body, model.csrf(), model.signedInAs());
    }

    private static Markup row(AuditEntry entry) {
        return ROW.render(Map.ofEntries(
                entry("id", entry.id()),
                entry("at", Fragments.time(entry.at())),
                entry("actor", entry.event().actor().name()),
                entry("actorKind", kind(entry.event().actor())),
                entry("action", entry.event().action().wireName()),
                entry("target", entry.event().target()),
                entry("outcome", entry.outcome().wireName()),
                entry("source", entry.event().actor().address().orElse("")),
                entry("detail", entry.event().detail().orElse(""))));
    }

    /** How the actor was known, unless its name says it already ({@code admin-secret}, {@code labelgate}). */
    private static Markup kind(Actor actor) {
        String kind = actor.kind().wireName();
        return kind.equals(actor.name()) ? Markup.EMPTY : KIND.render(Map.of("kind", kind));
    }

    /** The same filters, one page further back. */
    private static String olderQuery(Model model) {
        Map<String, String> query = new LinkedHashMap<>();
        for (String name : AuditFilter.PARAMETERS) {
            if (!name.equals("before") && !model.filter(name).isEmpty()) {
                query.put(name, model.filter(name));
            }
        }
        query.put("before", String.valueOf(model.page().next().getAsLong()));
        return query.entrySet().stream()
                .map(parameter ->
                        parameter.getKey() + "=" + URLEncoder.encode(parameter.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
