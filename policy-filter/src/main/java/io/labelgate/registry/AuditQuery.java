package io.labelgate.registry;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Which audit entries to read, newest first: every filter that is present must hold.
 *
 * @param since  entries written at or after this instant
 * @param actor  entries by the actor of this name (an administrator, {@code admin-secret}, a token id)
 * @param target entries about this target (a token id, a kid, an app id)
 * @param action entries of this action
 * @param before entries older than the entry with this id: the next page after a page whose last
 *               entry had it
 * @param limit  at most this many entries, 1 to {@value #MAX_LIMIT}
 */
public record AuditQuery(
        Optional<Instant> since,
        Optional<String> actor,
        Optional<String> target,
        Optional<AuditAction> action,
        OptionalLong before,
        int limit) {

    /** Most entries one page holds. */
    public static final int MAX_LIMIT = 500;

    /** Entries one page holds unless asked otherwise. */
    public static final int DEFAULT_LIMIT = 100;

    public AuditQuery {
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(before, "before");
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1 to " + MAX_LIMIT + ", not " + limit);
        }
    }

    /** The newest page of everything. */
    public static AuditQuery newest() {
        return new AuditQuery(
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                OptionalLong.empty(),
                DEFAULT_LIMIT);
    }
}
