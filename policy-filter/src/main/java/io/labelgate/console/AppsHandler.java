package io.labelgate.console;

import io.labelgate.app.AccessReview;
import io.labelgate.decision.DecisionException;
import io.labelgate.registry.AppRecord;
import io.labelgate.registry.AppRegistry;
import io.labelgate.registry.BrowserSession;
import jakarta.servlet.http.HttpServletRequest;

import java.io.IOException;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** The Apps page and each app's own page. */
final class AppsHandler {

    private final AppRegistry apps;
    private final AdminOnly adminOnly;
    private final String appName;
    private final Optional<AccessReview> access;

    /** @param appName this application's name: its address is known without configuration */
    AppsHandler(AppRegistry apps, AdminOnly adminOnly, String appName, Optional<AccessReview> access) {
        this.apps = Objects.requireNonNull(apps, "apps");
        this.adminOnly = Objects.requireNonNull(adminOnly, "adminOnly");
        this.appName = Objects.requireNonNull(appName, "appName");
        this.access = Objects.requireNonNull(access, "access");
    }

    void list(Exchange exchange) throws IOException {
        Optional<BrowserSession> admin = adminOnly.session(exchange);
        if (admin.isPresent()) {
            exchange.page(
                    200,
                    AppsPage.render(new AppsPage.Model(
                            exchange.base(),
                            admin.get().csrf(),
                            apps.apps(),
                            app -> accessUrl(exchange, app),
                            AdminOnly.signedInAs(admin.get()))));
        }
    }

    void one(Exchange exchange, String id) throws IOException {
        Optional<BrowserSession> admin = adminOnly.session(exchange);
        if (admin.isEmpty()) {
            return;
        }
        Optional<AppRecord> app;
        try {
            app = apps.findApp(UUID.fromString(id));
        } catch (IllegalArgumentException e) {
            app = Optional.empty();
        }
        if (app.isEmpty()) {
            exchange.error(404, "No such app", "There is no app with that id.");
            return;
        }
        Optional<AccessReview.Result> review = Optional.empty();
        if (access.isPresent() && access.get().appId().equals(app.get().id())) {
            try {
                review = Optional.of(access.get().review());
            } catch (DecisionException e) {
                exchange.error(503, "Cannot decide", "The policy could not decide for every token; try again later.");
                return;
            }
        }
        exchange.page(
                200,
                AppPage.render(new AppPage.Model(
                        exchange.base(),
                        admin.get().csrf(),
                        app.get(),
                        accessUrl(exchange, app.get()),
                        review,
                        AdminOnly.signedInAs(admin.get()))));
    }

    /** The app's registered address; for this application, where this request reached it. */
    private String accessUrl(Exchange exchange, AppRecord app) {
        if (app.baseUrl() == null && app.name().equals(appName)) {
            HttpServletRequest request = exchange.request();
            return request.getScheme() + "://" + request.getServerName() + ":" + request.getServerPort()
                    + request.getContextPath() + "/";
        }
        return app.baseUrl();
    }
}
