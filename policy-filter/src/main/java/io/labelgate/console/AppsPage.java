package io.labelgate.console;

import io.labelgate.console.Template.Markup;
import io.labelgate.registry.AppRecord;
import io.labelgate.registry.AppStatus;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import static java.util.Map.entry;

/**
 * The Apps page: every app not deleted, with its labels, region, status and address, each linking
 * to its own page ({@link AppPage}). A table on a wide screen, one card per app on a phone.
 */
final class AppsPage {

    private static final Template ROW = Template.of("""
            <tr data-app-id="{{id}}"><td data-label="Name" class="name"><a href="{{base}}/apps/{{id}}">{{name}}</a></td>\
            <td data-label="Labels" class="labels">{{{labels}}}</td><td data-label="Region" class="region">{{region}}</td>\
            <td data-label="Status"><span class="status {{status}}">{{status}}</span></td>\
            <td data-label="Access URL" class="url">{{{accessUrl}}}</td></tr>
            """);
    private static final Template BODY = Template.of("""
            <h1>Apps</h1>
            <div class="scroll"><table id="apps" class="list">
            <thead><tr><th scope="col">Name</th><th scope="col">Labels</th><th scope="col">Region</th><th scope="col">Status</th><th scope="col">Access URL</th></tr></thead>
            <tbody>
            {{{rows}}}</tbody></table></div>
            """);

    /**
     * @param base      the console's base path
     * @param csrf      the admin session's CSRF token
     * @param apps      the registry's apps, in the order to show; deleted ones are left out here
     * @param accessUrl an app's address, or {@code null} when it is not known
     */
    record Model(
            String base, String csrf, List<AppRecord> apps, Function<AppRecord, String> accessUrl, String signedInAs) {
        Model {
            Objects.requireNonNull(base, "base");
            Objects.requireNonNull(csrf, "csrf");
            apps = List.copyOf(apps);
            Objects.requireNonNull(accessUrl, "accessUrl");
        }

        /** A model that does not say who is signed in. */
        Model(String base, String csrf, List<AppRecord> apps, Function<AppRecord, String> accessUrl) {
            this(base, csrf, apps, accessUrl, null);
        }
    }

    private AppsPage() {}

    static Markup render(Model model) {
        List<Markup> rows = model.apps().stream()
                .filter(app -> app.status() != AppStatus.DELETED)
                .map(app -> ROW.render(Map.ofEntries(
                        entry("id", app.id().toString()),
                        entry("base", model.base()),
                        entry("name", app.name()),
                        entry("labels", Fragments.labelTags(app.labels())),
                        entry("region", app.region()),
                        entry("status", app.status().wireName()),
                        entry("accessUrl", Fragments.accessUrl(model.accessUrl().apply(app))))))
                .toList();
        return Page.render(
                model.base(),
                "Apps - labelgate",
                BODY.render(Map.of("rows", Markup.join(rows))),
                model.csrf(),
                model.signedInAs());
    }
}
