package io.labelgate.registry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps one node current with the registry by following its change feed: one small read per half
 * revocation bound however many tokens or requests there are, and at once when PostgreSQL
 * announces a change. What the node keeps (token states, signing keys, the app's status, browser
 * sessions) is read once and then changed only by what the feed says, so in steady state no
 * request thread reads the registry.
 *
 * <p>The revocation bound holds because every request asks {@link #requireFresh()}: when the feed
 * has not been read for as long as the bound (the registry is down, or this node cannot reach
 * it), requests fail closed with {@link RegistryUnavailableException} (503) until it is read
 * again. A node that falls behind a pruned feed forgets everything it keeps and reads it anew.
 *
 * <p>The follower reads on a daemon thread of its own ({@link #start(String)}); tests call
 * {@link #poll()} instead.
 */
public final class ChangeFollower implements Freshness, AutoCloseable {

    /** How long changes stay in the feed: a node away for longer reloads in full. */
    public static final Duration RETENTION = Duration.ofHours(1);

    private static final Logger LOG = Logger.getLogger(ChangeFollower.class.getName());
    private static final int PAGE = 1_000;
    private static final Duration PRUNE_INTERVAL = Duration.ofMinutes(5);

    /** What the node keeps, told of every change it must apply. */
    public interface Listener {
        /** Applies changes, oldest first. */
        void apply(List<Change> changes);

        /** Forgets everything kept: changes were missed (pruned before this node read them). */
        void reloadAll();
    }

    private final ChangeFeed feed;
    private final Duration maxStaleness;
    private final Duration interval;
    private final Clock clock;
    private final Listener listener;
    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong reads = new AtomicLong();
    private volatile Instant lastRead;
    private volatile boolean closed;
    private volatile boolean outageLogged;
    private Instant lastPrune;
    private volatile Thread thread;
    private final List<Consumer<Instant>> pruners = new CopyOnWriteArrayList<>();

    /**
     * Starts from the feed's current head: what the node loads from now on is at least that recent.
     *
     * @param maxStaleness the revocation bound; the feed is read every half of it
     */
    public ChangeFollower(ChangeFeed feed, Duration maxStaleness, Clock clock, Listener listener) {
        this.feed = Objects.requireNonNull(feed, "feed");
        this.maxStaleness = Objects.requireNonNull(maxStaleness, "maxStaleness");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.interval = maxStaleness.dividedBy(2);
        Instant now = clock.instant();
        this.applied.set(feed.head());
        this.lastRead = now;
        this.lastPrune = now;
    }

    /**
     * Also runs {@code pruner} whenever the feed is pruned (every few minutes), given the time: the
     * other tables that keep history (the audit trail) prune on the same schedule.
     */
    public ChangeFollower onPrune(Consumer<Instant> pruner) {
        pruners.add(Objects.requireNonNull(pruner, "pruner"));
        return this;
    }

    /** Reads the feed on a daemon thread until {@link #close()}. */
    public synchronized ChangeFollower start(String name) {
        if (thread == null) {
            thread = new Thread(this::follow, "labelgate-change-feed-" + name);
            thread.setDaemon(true);
            thread.start();
        }
        return this;
    }

    private void follow() {
        try {
            // listen first (on PostgreSQL), then read: a change announced between the two is
            // queued on the listening connection and wakes the next wait, so none is missed
            feed.awaitAnnouncement(Duration.ofMillis(1));
        } catch (InterruptedException e) {
            return;
        }
        while (!closed) {
            try {
                poll();
            } catch (RegistryUnavailableException e) {
                if (!outageLogged) {
                    outageLogged = true;
                    LOG.warning("labelgate: cannot read the registry's change feed; requests fail with 503 once it "
                            + "was last read " + maxStaleness.toMillis() + " ms ago: " + e.getMessage());
                }
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, "labelgate: applying the registry's change feed failed", e);
            }
            try {
                feed.awaitAnnouncement(interval);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * Reads and applies every change after the last one applied.
     *
     * @throws RegistryUnavailableException when the feed cannot be read (the last read stays as it was)
     */
    public synchronized void poll() {
        Instant started = clock.instant();
        long from = applied.get();
        ChangeFeed.Changes page;
        do {
            page = feed.changesAfter(from, PAGE);
            reads.incrementAndGet();
            if (page.gap()) {
                LOG.warning("labelgate: the change feed was pruned past sequence " + from
                        + " before this node read it; reloading what it keeps");
                listener.reloadAll();
            }
            if (!page.changes().isEmpty()) {
                listener.apply(page.changes());
                from = page.changes().get(page.changes().size() - 1).seq();
            } else if (page.gap()) {
                from = feed.head();
            }
            applied.set(from);
        } while (page.changes().size() == PAGE);
        // what was read reflects every change committed before the read started
        lastRead = started;
        if (outageLogged) {
            outageLogged = false;
            LOG.info("labelgate: reading the registry's change feed again");
        }
        if (Duration.between(lastPrune, started).compareTo(PRUNE_INTERVAL) >= 0) {
            lastPrune = started;
            feed.pruneChanges(started.minus(RETENTION));
            for (Consumer<Instant> pruner : pruners) {
                // one that fails (the registry went away) does not keep the others from their turn
                try {
                    pruner.accept(started);
                } catch (RuntimeException e) {
                    LOG.warning("labelgate: a periodic registry task failed; it runs again in "
                            + PRUNE_INTERVAL.toMinutes() + " minutes: " + e);
                }
            }
        }
    }

    /**
     * Fails closed when what this node keeps may be older than the revocation bound.
     *
     * @throws RegistryUnavailableException when the feed was last read as long ago as the bound
     */
    @Override
    public void requireFresh() {
        Duration age = Duration.between(lastRead, clock.instant());
        if (age.compareTo(maxStaleness) >= 0) {
            throw new RegistryUnavailableException("the registry's change feed was last read " + age.toMillis()
                    + " ms ago, not within the revocation bound of " + maxStaleness.toMillis() + " ms");
        }
    }

    /**
     * How old the newest registry state this node applied may be: the time since the feed was last
     * read (a read reflects every change committed before it started). Requests fail closed once
     * it reaches {@link #maxStaleness()}.
     */
    public Duration age() {
        return Duration.between(lastRead, clock.instant());
    }

    /** The revocation bound this node keeps to. */
    public Duration maxStaleness() {
        return maxStaleness;
    }

    /** The last sequence this node applied. */
    public long applied() {
        return applied.get();
    }

    /** How many times the feed was read (for tests and metrics). */
    public long reads() {
        return reads.get();
    }

    @Override
    public void close() {
        closed = true;
        feed.stopAwaiting();
        // not synchronized: a poll in progress holds the lock, and the thread is told to stop instead
        Thread running = thread;
        if (running != null) {
            running.interrupt();
            try {
                running.join(Duration.ofSeconds(5).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
