package io.labelgate.console;

import io.labelgate.registry.AuditQuery;
import io.labelgate.registry.AuditTrail;
import io.labelgate.registry.BrowserSession;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** The Audit page: its filters read from the query, as the admin API reads them ({@link AuditFilter}). */
final class AuditHandler {

    private final AuditTrail audit;
    private final AdminOnly adminOnly;
    private final Duration retention;

    AuditHandler(AuditTrail audit, AdminOnly adminOnly, Duration retention) {
        this.audit = Objects.requireNonNull(audit, "audit");
        this.adminOnly = Objects.requireNonNull(adminOnly, "adminOnly");
        this.retention = Objects.requireNonNull(retention, "retention");
    }

    void handle(Exchange exchange) throws IOException {
        Optional<BrowserSession> admin = adminOnly.session(exchange);
        if (admin.isEmpty()) {
            return;
        }
        Map<String, String> filters = new LinkedHashMap<>();
        for (String name : AuditFilter.PARAMETERS) {
            String value = exchange.parameter(name);
            filters.put(name, value == null ? "" : value);
        }
        AuditQuery query;
        try {
            query = AuditFilter.parse(exchange::parameter);
        } catch (AuditFilter.InvalidParameterException e) {
            exchange.error(400, "Bad filter", e.parameter() + ": " + e.getMessage());
            return;
        }
        exchange.page(
                200,
                AuditPage.render(new AuditPage.Model(
                        exchange.base(),
                        admin.get().csrf(),
                        filters,
                        audit.entries(query),
                        retention.toDays() + " days",
                        AdminOnly.signedInAs(admin.get()))));
    }
}
