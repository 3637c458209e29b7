package io.labelgate.console;

import io.labelgate.console.Template.Markup;
import io.labelgate.registry.AppRecord;

import java.util.Map;
import java.util.Objects;

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
            """);

    /**
     * @param base      the console's base path
     * @param csrf      the admin session's CSRF token
     * @param app       the app
     * @param accessUrl its address, or {@code null} when it is not known
     */
    record Model(String base, String csrf, AppRecord app, String accessUrl) {
        Model {
            Objects.requireNonNull(base, "base");
            Objects.requireNonNull(csrf, "csrf");
            Objects.requireNonNull(app, "app");
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
                entry("selector", idLabel + "=" + app.id())));
        return Page.render(model.base(), app.name() + " - labelgate", body, model.csrf());
    }
}
