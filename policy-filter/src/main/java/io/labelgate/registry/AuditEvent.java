package io.labelgate.registry;

import java.util.Objects;
import java.util.Optional;

/**
 * One audit entry to write: by whom, what, on which target, with a short non-secret detail (a new
 * token's role, region and scope). Written in the same transaction as the change it records, or
 * alone for an attempt ({@link AuditTrail#record}).
 *
 * @param target a token id, a kid, an app id, a policy revision, a page
 * @param detail what else an auditor needs to read the entry; never a token string or a secret
 */
public record AuditEvent(Actor actor, AuditAction action, String target, Optional<String> detail) {

    /** Longest target kept. */
    public static final int MAX_TARGET_LENGTH = 200;

    /** Longest detail kept. */
    public static final int MAX_DETAIL_LENGTH = 400;

    public AuditEvent {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(detail, "detail");
        target = cut(target, MAX_TARGET_LENGTH);
        detail = detail.map(value -> cut(value, MAX_DETAIL_LENGTH));
    }

    /** An entry without detail. */
    public static AuditEvent of(Actor actor, AuditAction action, String target) {
        return new AuditEvent(actor, action, target, Optional.empty());
    }

    /** An entry with a detail. */
    public static AuditEvent of(Actor actor, AuditAction action, String target, String detail) {
        return new AuditEvent(actor, action, target, Optional.of(detail));
    }

    private static String cut(String value, int max) {
        return value.length() <= max ? value : value.substring(0, max);
    }
}
