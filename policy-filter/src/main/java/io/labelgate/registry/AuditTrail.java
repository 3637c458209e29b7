package io.labelgate.registry;

import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;

/**
 * The audit trail: who changed which token, key or app, and who tried and was refused. Changes are
 * written by the registry in the transaction of the change itself; this interface writes the
 * entries that go with no change (a sign-in, a refused attempt, a policy a node loaded), reads
 * them back and prunes them. Throws {@link RegistryUnavailableException} on faults.
 */
public interface AuditTrail {

    /** Writes an entry that goes with no change of the registry. */
    void record(AuditEvent event);

    /** The entries the query asks for, newest first. */
    Page entries(AuditQuery query);

    /** Deletes the entries written before {@code before}; returns how many. */
    int pruneAudit(Instant before);

    /**
     * One page of entries, newest first.
     *
     * @param next the {@link AuditQuery#before} that reads the next page, when there may be one
     */
    record Page(List<AuditEntry> entries, OptionalLong next) {
        public Page {
            entries = List.copyOf(entries);
        }
    }
}
