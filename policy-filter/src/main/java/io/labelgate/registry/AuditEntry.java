package io.labelgate.registry;

import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * One row of the audit trail as it is read back.
 *
 * @param id      its place in the trail: later entries have larger ids
 * @param at      when it was written (the change's commit, to the millisecond)
 * @param outcome {@link Outcome#SUCCEEDED} for a change (a change that failed leaves no entry),
 *                {@link Outcome#REFUSED} for a refused attempt
 */
public record AuditEntry(long id, Instant at, AuditEvent event, Outcome outcome) {

    public AuditEntry {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(outcome, "outcome");
    }

    /** How what an entry records ended. */
    public enum Outcome {
        /** The change was made (it committed with this entry). */
        SUCCEEDED("succeeded"),
        /** The attempt was refused. */
        REFUSED("refused");

        private final String wireName;

        Outcome(String wireName) {
            this.wireName = wireName;
        }

        /** The name in the audit table and API. */
        public String wireName() {
            return wireName;
        }

        /** The outcome of an entry with this action. */
        public static Outcome of(AuditAction action) {
            return action.refusal() ? REFUSED : SUCCEEDED;
        }

        /** The outcome with this wire name, exactly. */
        public static Optional<Outcome> fromWireName(String name) {
            return Arrays.stream(values())
                    .filter(outcome -> outcome.wireName.equals(name))
                    .findFirst();
        }
    }
}
