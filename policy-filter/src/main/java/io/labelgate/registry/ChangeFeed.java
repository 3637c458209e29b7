package io.labelgate.registry;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The registry's change feed (see {@code V4__change_feed.sql}). Every method either completes or
 * throws {@link RegistryUnavailableException}.
 */
public interface ChangeFeed {

    /** The changes after {@code seq}, oldest first, at most {@code limit} of them. */
    Changes changesAfter(long seq, int limit);

    /** The last sequence given out: a node that starts now has seen everything up to it. */
    long head();

    /** Forgets changes made before {@code before}, keeping the newest; returns how many were removed. */
    int pruneChanges(Instant before);

    /**
     * Waits up to {@code timeout} for a change to be announced, where the database can announce
     * (PostgreSQL's NOTIFY); otherwise just waits. Returns early when interrupted.
     */
    void awaitAnnouncement(Duration timeout) throws InterruptedException;

    /** Ends any wait for announcements, now and later (closes what was held open for them). */
    void stopAwaiting();

    /**
     * A page of the feed.
     *
     * @param changes the changes read, oldest first
     * @param gap     whether changes after the asked sequence are missing (pruned): the reader
     *                must reload everything it keeps
     */
    record Changes(List<Change> changes, boolean gap) {
        public Changes {
            changes = List.copyOf(changes);
        }
    }
}
