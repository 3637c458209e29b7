package io.labelgate.console;

import io.labelgate.registry.AuditEntry;

import java.util.LinkedHashMap;
import java.util.Map;

/** An audit entry as the admin API's JSON shows it (docs/contract.md, "Audit trail"). */
final class AuditView {

    private AuditView() {}

    /** Its fields, in a stable order; absent ones are null. */
    static Map<String, Object> of(AuditEntry entry) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", String.valueOf(entry.id()));
        view.put("at", entry.at().toString());
        view.put("actor", entry.event().actor().name());
        view.put("actorKind", entry.event().actor().kind().wireName());
        view.put("source", entry.event().actor().address().orElse(null));
        view.put("action", entry.event().action().wireName());
        view.put("target", entry.event().target());
        view.put("outcome", entry.outcome().wireName());
        view.put("detail", entry.event().detail().orElse(null));
        return view;
    }
}
