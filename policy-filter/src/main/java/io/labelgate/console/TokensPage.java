package io.labelgate.console;

import io.labelgate.console.Template.Markup;
import io.labelgate.registry.ExpiryWarning;
import io.labelgate.registry.IssuedToken;
import io.labelgate.registry.TokenFilter;
import io.labelgate.registry.TokenRecord;
import io.labelgate.token.Role;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import static java.util.Map.entry;

/**
 * The Tokens page: the New token form (with the selector preview), a new token's one showing, and
 * the list, newest first, filtered by the form above it ({@link TokenFilter}), each row with
 * Regenerate and Delete; a token expiring within the warning window is marked "expires in …", an
 * expired one "expired". The list is a table on a wide screen and one card per token on a phone
 * (labelgate.css, keyed on the cells' {@code data-label}).
 */
final class TokensPage {

    /** Newest first: the token just made or regenerated is the one the administrator looks for. */
    static final Comparator<TokenRecord> NEWEST_FIRST =
            Comparator.comparing(TokenRecord::createdAt).reversed();

    private static final Template ERROR = Template.of("<p id=\"message\" role=\"alert\">{{text}}</p>");
    private static final Template ISSUED = Template.of("""
            <section class="card issued" aria-live="polite">
              <h2>Token for {{name}}</h2>
              <p id="token-warning" class="warning">Copy this token now: it will not be shown again.</p>
              <div class="copy"><input id="new-token-value" type="text" readonly value="{{token}}" aria-label="New token">
              <button id="copy-token" type="button">Copy</button></div>
            </section>
            """);
    private static final Template ROW = Template.of("""
            <tr data-token-id="{{id}}"><td data-label="Name" class="name">{{name}}</td>\
            <td data-label="Selectors" class="selectors">{{{selectors}}}</td>\
            <td data-label="Role">{{role}}</td><td data-label="Region" class="region">{{region}}</td>\
            <td data-label="Created">{{{created}}}</td><td data-label="Expires">{{{expires}}}</td>\
            <td data-label="Last used">{{{lastUsed}}}</td><td class="actions">{{{regenerate}}}{{{delete}}}</td></tr>
            """);
    private static final Template ACTION = Template.of("""
            <form method="post" action="{{base}}/tokens" class="inline confirm" data-question="{{question}}">\
            <input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="action" value="{{action}}">\
            <input type="hidden" name="id" value="{{id}}"><button type="submit" class="{{action}}" \
            data-token-id="{{id}}">{{label}}</button></form>""");
    private static final Template ALL_APPS = Template.of("<em>all apps</em>");
    private static final Template EXPIRES = Template.of("{{{time}}} {{{mark}}}");
    private static final Template EXPIRING = Template.of("<span class=\"expiring\">expires in {{left}}</span>");
    private static final Template EXPIRED = Template.of("<span class=\"expired\">expired</span>");
    private static final Template ROLE_OPTION =
            Template.of("<option value=\"{{value}}\" {{selected if selected}}>{{label}}</option>");
    private static final Template NO_MATCH = Template.of("<p id=\"no-tokens\">No tokens match.</p>\n");
    private static final Template BODY = Template.of("""
            <h1>Tokens</h1>
            {{{error}}}
            <button id="new-token" type="button" class="primary" aria-controls="new-token-form" aria-expanded="false">New token</button>
            <form id="new-token-form" class="card" method="post" action="{{base}}/tokens" data-preview="{{base}}/preview" {{hidden if formHidden}}>
              <input type="hidden" name="csrf" value="{{csrf}}"><input type="hidden" name="action" value="{{create}}">
              <label for="name">Name</label>
              <input id="name" name="name" maxlength="100" required value="{{name}}">
              <label for="selector">Label selectors</label>
              <input id="selector" name="selector" spellcheck="false" placeholder="group=A, tier!=gpu" value="{{selector}}" aria-describedby="selector-status">
              <p id="selector-status" class="hint" aria-live="polite">Kubernetes syntax: key=value, key!=value, key in (a,b), key notin (a), key, !key.</p>
              <label class="inline"><input id="all-apps" name="allApps" type="checkbox" {{checked if allApps}}> All apps (no selectors)</label>
              <fieldset><legend>Role</legend>
                <label class="inline"><input id="role-read" type="radio" name="role" value="read" {{checked if read}}> Read-only</label>
                <label class="inline"><input id="role-operator" type="radio" name="role" value="operator" {{checked if operator}}> Operator</label>
              </fieldset>
              <label for="region">Region</label>
              <input id="region" name="region" required value="{{region}}" placeholder="GRA">
              <label for="expires-at">{{expiryLabel}}</label>
              <input id="expires-at" name="expiresAt" type="date" value="{{expiresAt}}" max="{{latestDay}}" {{required if expiryRequired}}>
              <h2 class="small">Apps these selectors match</h2>
              <ul id="matching-apps" aria-live="polite"></ul>
              <button id="generate" type="submit" class="primary">Generate</button>
            </form>
            {{{issued}}}
            <form id="token-filter" class="card" method="get" action="{{base}}/tokens">
              <label>Role <select id="filter-role" name="role"><option value="">any</option>{{{roles}}}</select></label>
              <label>Region <input id="filter-region" name="region" value="{{filterRegion}}" placeholder="GRA"></label>
              <label>Expiring before (UTC day) <input id="filter-expiring-before" name="expiringBefore" type="date" value="{{expiringBefore}}"></label>
              <label>Unused since (UTC day) <input id="filter-unused-since" name="unusedSince" type="date" value="{{unusedSince}}"></label>
              <button type="submit">Filter</button>
            </form>
            <div class="scroll"><table id="tokens" class="list">
            <thead><tr><th scope="col">Name</th><th scope="col">Selectors</th><th scope="col">Role</th><th scope="col">Region</th><th scope="col">Created</th><th scope="col">Expires</th><th scope="col">Last used</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
            <tbody>
            {{{rows}}}</tbody></table></div>
            {{{noMatch}}}<dialog id="confirm"><form method="dialog"><p id="confirm-text"></p>
            <button id="confirm-no" value="no">Cancel</button> <button id="confirm-yes" value="yes" class="danger">Confirm</button></form></dialog>
            """);

    /**
     * @param base   the console's base path
     * @param csrf   the admin session's CSRF token
     * @param tokens every token, in any order
     * @param issued a token to show its string once, or {@code null}
     * @param error  why the form was refused ({@code field: reason}), or {@code null}
     * @param form   the form's values to show again after a refusal; empty for a blank form
     * @param expiry   what the expiry field asks for
     * @param list     how the list is filtered and marked
     * @param signedInAs who the page says is signed in, or {@code null}
     */
    record Model(
            String base,
            String csrf,
            List<TokenRecord> tokens,
            IssuedToken issued,
            String error,
            Map<String, String> form,
            ExpiryField expiry,
            ListView list,
            String signedInAs) {
        Model {
            Objects.requireNonNull(base, "base");
            Objects.requireNonNull(csrf, "csrf");
            Objects.requireNonNull(expiry, "expiry");
            Objects.requireNonNull(list, "list");
            tokens = tokens.stream().filter(list.filter()).sorted(NEWEST_FIRST).toList();
            form = Map.copyOf(form);
        }

        /** A model of every token, marked as at the epoch (so none is): for pages not about the marks. */
        Model(
                String base,
                String csrf,
                List<TokenRecord> tokens,
                IssuedToken issued,
                String error,
                Map<String, String> form,
                ExpiryField expiry) {
            this(base, csrf, tokens, issued, error, form, expiry, ListView.UNFILTERED, null);
        }

        /** A model that does not say who is signed in. */
        Model(
                String base,
                String csrf,
                List<TokenRecord> tokens,
                IssuedToken issued,
                String error,
                Map<String, String> form,
                ExpiryField expiry,
                ListView list) {
            this(base, csrf, tokens, issued, error, form, expiry, list, null);
        }

        /** A model whose expiry is optional. */
        Model(
                String base,
                String csrf,
                List<TokenRecord> tokens,
                IssuedToken issued,
                String error,
                Map<String, String> form) {
            this(base, csrf, tokens, issued, error, form, ExpiryField.OPTIONAL);
        }
    }

    /**
     * The expiry field: optional, or required up to a last day ({@code labelgate.tokens.max-lifetime}),
     * which a blank form proposes.
     *
     * @param required  whether a token needs an expiry
     * @param latestDay the last day a token may expire, or empty without a maximum lifetime
     * @param maximum   the maximum lifetime as the label says it, e.g. {@code 90 days}, or empty
     */
    record ExpiryField(boolean required, Optional<LocalDate> latestDay, String maximum) {
        static final ExpiryField OPTIONAL = new ExpiryField(false, Optional.empty(), "");

        ExpiryField {
            Objects.requireNonNull(latestDay, "latestDay");
            Objects.requireNonNull(maximum, "maximum");
        }

        String label() {
            return !required
                    ? "Expires (optional)"
                    : maximum.isEmpty() ? "Expires" : "Expires (at most " + maximum + ")";
        }
    }

    /**
     * How the list is shown: which tokens, and which are marked as expiring soon.
     *
     * @param filter  which tokens the list shows
     * @param filters the filter form's values as the request sent them (absent for none)
     * @param warning when a token is marked as expiring soon
     * @param now     the time the marks are worked out at
     */
    record ListView(TokenFilter filter, Map<String, String> filters, ExpiryWarning warning, Instant now) {
        static final ListView UNFILTERED =
                new ListView(TokenFilter.ANY, Map.of(), new ExpiryWarning(Duration.ofDays(14)), Instant.EPOCH);

        ListView {
            Objects.requireNonNull(filter, "filter");
            filters = Map.copyOf(filters);
            Objects.requireNonNull(warning, "warning");
            Objects.requireNonNull(now, "now");
        }

        String value(String name) {
            return filters.getOrDefault(name, "");
        }
    }

    private TokensPage() {}

    static Markup render(Model model) {
        Map<String, String> form = model.form();
        Markup body = BODY.render(Map.ofEntries(
                entry("error", model.error() == null ? Markup.EMPTY : ERROR.render(Map.of("text", model.error()))),
                entry("base", model.base()),
                entry("csrf", model.csrf()),
                entry("formHidden", model.error() == null),
                entry("create", FormAction.CREATE.wireName),
                entry("name", form.getOrDefault("name", "")),
                entry("selector", form.getOrDefault("selector", "")),
                entry("allApps", "on".equals(form.get("allApps"))),
                entry("read", !"operator".equals(form.get("role"))),
                entry("operator", "operator".equals(form.get("role"))),
                entry("region", form.getOrDefault("region", "")),
                entry(
                        "expiresAt",
                        form.getOrDefault(
                                "expiresAt",
                                model.expiry()
                                        .latestDay()
                                        .map(LocalDate::toString)
                                        .orElse(""))),
                entry("expiryLabel", model.expiry().label()),
                entry(
                        "latestDay",
                        model.expiry().latestDay().map(LocalDate::toString).orElse("")),
                entry("expiryRequired", model.expiry().required()),
                entry(
                        "issued",
                        model.issued() == null
                                ? Markup.EMPTY
                                : ISSUED.render(Map.of(
                                        "name",
                                        model.issued().token().name(),
                                        "token",
                                        model.issued().tokenString()))),
                entry(
                        "roles",
                        Markup.join(Arrays.stream(Role.values())
                                .map(role -> ROLE_OPTION.render(Map.of(
                                        "value",
                                        role.wireName(),
                                        "label",
                                        roleLabel(role),
                                        "selected",
                                        role.wireName().equals(model.list().value(TokenFilter.ROLE)))))
                                .toList())),
                entry("filterRegion", model.list().value(TokenFilter.REGION)),
                entry("expiringBefore", model.list().value(TokenFilter.EXPIRING_BEFORE)),
                entry("unusedSince", model.list().value(TokenFilter.UNUSED_SINCE)),
                entry(
                        "noMatch",
                        model.tokens().isEmpty() && model.list().filter().filters() ? NO_MATCH.render() : Markup.EMPTY),
                entry(
                        "rows",
                        Markup.join(model.tokens().stream()
                                .map(token -> row(model, token))
                                .toList()))));
        return Page.render(model.base(), "Tokens - labelgate", body, model.csrf(), model.signedInAs());
    }

    private static Markup row(Model model, TokenRecord token) {
        return ROW.render(Map.ofEntries(
                entry("id", token.id()),
                entry("name", token.name()),
                entry("selectors", token.allApps() ? ALL_APPS.render() : Fragments.selectorTags(token.selector())),
                entry("role", roleLabel(token.role())),
                entry("region", token.region()),
                entry("created", Fragments.time(token.createdAt())),
                entry("expires", expires(model.list(), token)),
                entry("lastUsed", Fragments.timeOrNever(token.lastUsedAt())),
                entry("regenerate", action(model, token, FormAction.REGENERATE)),
                entry("delete", action(model, token, FormAction.DELETE))));
    }

    private static String roleLabel(Role role) {
        return role == Role.OPERATOR ? "Operator" : "Read-only";
    }

    /** The expiry, marked when it is within the warning window or past. */
    private static Markup expires(ListView list, TokenRecord token) {
        Markup time = Fragments.timeOrNever(token.expiresAt());
        if (list.warning().expired(token, list.now())) {
            return EXPIRES.render(Map.of("time", time, "mark", EXPIRED.render()));
        }
        if (list.warning().expiringSoon(token, list.now())) {
            return EXPIRES.render(Map.of(
                    "time",
                    time,
                    "mark",
                    EXPIRING.render(Map.of("left", left(Duration.between(list.now(), token.expiresAt()))))));
        }
        return time;
    }

    /** A time left, as a person says it: {@code 3 days}, {@code 1 day}, {@code 5 hours}, {@code less than an hour}. */
    static String left(Duration left) {
        long days = left.toDays();
        if (days >= 1) {
            return days == 1 ? "1 day" : days + " days";
        }
        long hours = left.toHours();
        if (hours >= 1) {
            return hours == 1 ? "1 hour" : hours + " hours";
        }
        return "less than an hour";
    }

    private static Markup action(Model model, TokenRecord token, FormAction action) {
        return ACTION.render(Map.of(
                "base",
                model.base(),
                "question",
                action.question,
                "csrf",
                model.csrf(),
                "action",
                action.wireName,
                "id",
                token.id(),
                "label",
                action.label));
    }

    /** What a form of this page asks for, by its {@code action} field. */
    enum FormAction {
        CREATE("create", "Generate", ""),
        REGENERATE("regenerate", "Regenerate", "Regenerate this token? The current string stops working."),
        DELETE("delete", "Delete", "Delete this token? It stops working.");

        private final String wireName;
        private final String label;
        private final String question;

        FormAction(String wireName, String label, String question) {
            this.wireName = wireName;
            this.label = label;
            this.question = question;
        }

        /** The action a form posted, exactly as this page writes it. */
        static Optional<FormAction> fromWireName(String name) {
            return Arrays.stream(values())
                    .filter(action -> action.wireName.equals(name))
                    .findFirst();
        }
    }
}
