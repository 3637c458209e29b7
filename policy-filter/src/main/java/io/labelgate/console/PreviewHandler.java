package io.labelgate.console;

import io.labelgate.decision.Action;
import io.labelgate.decision.DecisionEngine;
import io.labelgate.decision.DecisionException;
import io.labelgate.decision.DecisionInput;
import io.labelgate.registry.AppRecord;
import io.labelgate.registry.AppRegistry;
import io.labelgate.registry.AppStatus;
import io.labelgate.selector.Selector;
import io.labelgate.selector.SelectorSyntaxException;
import io.labelgate.token.Role;
import io.labelgate.token.TokenClaims;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The New token form's preview, as JSON: is the selector valid, and which running apps would a
 * token with it reach? The decision engine answers, not Java, so the preview cannot disagree with
 * the policy that will decide.
 */
final class PreviewHandler {

    private final AppRegistry apps;
    private final DecisionEngine engine;
    private final AdminOnly adminOnly;

    PreviewHandler(AppRegistry apps, DecisionEngine engine, AdminOnly adminOnly) {
        this.apps = Objects.requireNonNull(apps, "apps");
        this.engine = Objects.requireNonNull(engine, "engine");
        this.adminOnly = Objects.requireNonNull(adminOnly, "adminOnly");
    }

    void handle(Exchange exchange) throws IOException {
        if (adminOnly.session(exchange).isEmpty()) {
            return;
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        String text = Objects.requireNonNullElse(exchange.parameter("selector"), "");
        boolean allApps = "true".equals(exchange.parameter("allApps"));
        String region =
                Objects.requireNonNullElse(exchange.parameter("region"), "").strip();
        Role role = Role.fromWireName(exchange.parameter("role")).orElse(Role.READ);
        Selector selector;
        try {
            selector = Selector.parse(text);
        } catch (SelectorSyntaxException e) {
            answer.put("valid", false);
            answer.put("message", e.getMessage());
            answer.put("apps", List.of());
            Responses.json(exchange.response(), 200, answer);
            return;
        }
        answer.put("valid", true);
        answer.put(
                "message",
                selector.isEmpty() && !allApps
                        ? "valid, but a token without selectors matches no app"
                        : "valid selector");
        List<Map<String, String>> matching = new ArrayList<>();
        for (AppRecord app : apps.apps()) {
            if (app.status() == AppStatus.RUNNING && matches(app, selector, allApps, role, region)) {
                matching.add(Map.of("id", app.id().toString(), "name", app.name(), "region", app.region()));
            }
        }
        answer.put("apps", matching);
        Responses.json(exchange.response(), 200, answer);
    }

    private boolean matches(AppRecord app, Selector selector, boolean allApps, Role role, String region) {
        if (allApps && !selector.isEmpty()) {
            return false;
        }
        try {
            TokenClaims claims = new TokenClaims(
                    "preview",
                    1,
                    role,
                    region.isEmpty() ? app.region() : region,
                    selector,
                    allApps,
                    Instant.EPOCH,
                    null);
            DecisionInput input = DecisionInput.of(
                    claims,
                    new DecisionInput.AppInput(app.id().toString(), app.region(), app.labels()),
                    DecisionInput.RequestInput.of("GET", "/", Action.READ));
            return engine.decide(input).allow();
        } catch (IllegalArgumentException | DecisionException e) {
            return false;
        }
    }
}
