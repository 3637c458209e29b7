package io.labelgate.console;

import io.labelgate.app.AccessReview;
import io.labelgate.console.Template.Markup;
import io.labelgate.registry.AppRecord;
import io.labelgate.registry.TokenRecord;
import io.labelgate.token.Role;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import static java.util.Map.entry;

/** One app's page: its address, id, region, status, labels, and the selector that names it alone. */
final class AppPage {

    private static final Template BODY = Template.of("""
            <h1>{{name}}</h1>
            <section class="card">
            <dl>
              <dt>Access URL</dt><dd>{{{accessUrl}}}</dd>
              <dt>Id</dt><dd><code>{{id}}</code></dd>
              <dt>Region</dt><dd>{{region}}</dd>
              <dt>Status</dt><dd><span class="status {{status}}">{{status}}</span></dd>
              <dt>Tags</dt><dd>{{{labels}}}</dd>
              <dt>Registered</dt><dd>{{{registered}}}</dd>
            </dl>
            <p class="hint">Scope a token to exactly this app with the selector <code>{{selector}}</code>.</p>
            </section>
            {{{access}}}
            """);
    private static final Template ACCESS = Template.of("""
            <section id="access" class="card">
            <h2>Who can reach it</h2>
            <p class="hint">Every token the policy lets read this app, and every one it lets manage it, as the decision \
            engine decided for each of the {{reviewed}} unexpired tokens.</p>
            <h3>May read ({{readCount}})</h3>
            {{{read}}}
            <h3>May manage ({{manageCount}})</h3>
            {{{manage}}}
            </section>
            """);
    private static final Template TOKENS = Template.of("""
            <div class="scroll"><table class="list">
            <thead><tr><th scope="col">Name</th><th scope="col">Labels</th><th scope="col">Role</th>\
            <th scope="col">Region</th><th scope="col">Expires</th><th scope="col">Last used</th></tr></thead>
            <tbody>{{{rows}}}</tbody>
            </table></div>""");
    private static final Template TOKEN = Template.of("""
            <tr data-token-id="{{id}}"><td data-label="Name" class="name">{{name}}</td>\
            <td data-label="Labels">{{{selectors}}}</td><td data-label="Role">{{role}}</td>\
            <td data-label="Region">{{region}}</td><td data-label="Expires">{{{expires}}}</td>\
            <td data-label="Last used">{{{lastUsed}}}</td></tr>""");
    private static final Template NONE = Template.of("<p class=\"hint\">No token.</p>");
    private static final Template ALL_APPS = Template.of("<em>all apps</em>");

    /**
     * @param base      the console's base path
     * @param csrf      the admin session's CSRF token
     * @param app       the app
     * @param accessUrl its address, or {@code null} when it is not known
     * @param access    who can reach it, for this application's own page (another app's policy
     *                  is not this node's to run)
     */
    record Model(
            String base,
            String csrf,
            AppRecord app,
            String accessUrl,
            Optional<AccessReview.Result> access,
            String signedInAs) {
        Model {
            Objects.requireNonNull(base, "base");
            Objects.requireNonNull(csrf, "csrf");
            Objects.requireNonNull(app, "app");
            Objects.requireNonNull(access, "access");
        }

        /** A model that does not say who is signed in. */
        Model(String base, String csrf, AppRecord app, String accessUrl, Optional<AccessReview.Result> access) {
            this(base, csrf, app, accessUrl, access, null);
        }

        /** Another app's page: no access review. */
        Model(String base, String csrf, AppRecord app, String accessUrl) {
            this(base, csrf, app, accessUrl, Optional.empty());
        }
    }

    private AppPage() {}

    static Markup render(Model model) {
        AppRecord app = model.app();
        String idLabel = app.labels().keySet().stream()
                .filter(key -> key.endsWith("/id"))
                .findFirst()
                .orElse("labelgate/id");
        Markup body = BODY.render(Map.ofEntries(
                entry("name", app.name()),
                entry("accessUrl", Fragments.accessUrl(model.accessUrl())),
                entry("id", app.id().toString()),
                entry("region", app.region()),
                entry("status", app.status().wireName()),
                entry("labels", Fragments.labelTags(app.labels())),
                entry("registered", Fragments.time(app.registeredAt())),
                entry("selector", idLabel + "=" + app.id()),
                entry("access", model.access().map(AppPage::access).orElse(Markup.EMPTY))));
        return Page.render(model.base(), app.name() + " - labelgate", body, model.csrf(), model.signedInAs());
    }

    private static Markup access(AccessReview.Result review) {
        return ACCESS.render(Map.of(
                "reviewed", review.reviewed(),
                "readCount", review.read().size(),
                "read", tokens(review.read()),
                "manageCount", review.manage().size(),
                "manage", tokens(review.manage())));
    }

    private static Markup tokens(List<TokenRecord> tokens) {
        if (tokens.isEmpty()) {
            return NONE.render();
        }
        return TOKENS.render(Map.of(
                "rows",
                Markup.join(tokens.stream()
                        .map(token -> TOKEN.render(Map.of(
                                "id", token.id(),
                                "name", token.name(),
                                "selectors",
                                        token.allApps() ? ALL_APPS.render() : Fragments.selectorTags(token.selector()),
                                "role", token.role() == Role.OPERATOR ? "Operator" : "Read-only",
                                "region", token.region(),
                                "expires", Fragments.timeOrNever(token.expiresAt()),
                                "lastUsed", Fragments.timeOrNever(token.lastUsedAt()))))
                        .toList())));
    }
}
