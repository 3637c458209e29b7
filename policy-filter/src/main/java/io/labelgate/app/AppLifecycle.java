package io.labelgate.app;

import io.labelgate.registry.Actor;
import io.labelgate.registry.AppRecord;
import io.labelgate.registry.AppRegistry;
import io.labelgate.registry.AppStatus;
import io.labelgate.registry.Freshness;
import io.labelgate.registry.RegistryUnavailableException;

import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * This app's lifecycle: {@code running}, {@code stopped} (ordinary requests get 503) or
 * {@code deleted} (every request gets 410 until the app is deployed again). The status lives in
 * the registry, so it survives restarts and is the same on every node; each node reads it at
 * start and again when the registry's change feed says it changed ({@link #refresh()}), and
 * tells the application of every change it observes.
 */
public final class AppLifecycle {

    private static final Logger LOG = Logger.getLogger(AppLifecycle.class.getName());

    private final AppIdentity app;
    private final AppRegistry registry;
    private final Freshness freshness;
    private final Clock clock;
    private final Consumer<AppStatusChanged> listener;
    private final AtomicReference<AppStatus> status = new AtomicReference<>();
    private final AtomicReference<AppStatus> observed = new AtomicReference<>(AppStatus.RUNNING);

    /**
     * @param freshness asked on every request: the status is within the revocation bound
     * @param listener  told of every change this node observes (labelgate fires it as a CDI event)
     */
    public AppLifecycle(
            AppIdentity app,
            AppRegistry registry,
            Freshness freshness,
            Clock clock,
            Consumer<AppStatusChanged> listener) {
        this.app = Objects.requireNonNull(app, "app");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.freshness = Objects.requireNonNull(freshness, "freshness");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.listener = Objects.requireNonNull(listener, "listener");
        refresh();
    }

    /** Reads the status from the registry again: at start, and when the change feed says it changed. */
    public void refresh() {
        status.set(registry.findApp(app.id()).map(AppRecord::status).orElse(AppStatus.DELETED));
    }

    /**
     * The current status, as of this node's last read of the change feed.
     *
     * @throws RegistryUnavailableException when that read is older than the revocation bound
     */
    public AppStatus status() {
        freshness.requireFresh();
        AppStatus current = status.get();
        AppStatus before = observed.getAndSet(current);
        if (before != current) {
            LOG.info(() -> "labelgate: app " + app.id() + " is now " + current + " (was " + before + ")");
            try {
                listener.accept(new AppStatusChanged(app.id(), before, current));
            } catch (RuntimeException e) {
                LOG.warning("labelgate: an observer of the app's status failed: " + e);
            }
        }
        return current;
    }

    /**
     * Changes the app's status on every node; returns the status this node then reads.
     *
     * @param by who asked, for the audit trail
     */
    public AppStatus apply(Change change, Actor by) {
        registry.setStatus(app.id(), change.to(), clock.instant(), by);
        refresh();
        return status();
    }

    /** The lifecycle calls, by the name of their URL. */
    public enum Change {
        /** Stops the app: ordinary requests get 503 on every node. */
        STOP("stop", AppStatus.STOPPED),
        /** Starts a stopped app again. */
        START("start", AppStatus.RUNNING),
        /** Deletes the app: every request gets 410 until it is deployed again. */
        DELETE("delete", AppStatus.DELETED);

        private final String wireName;
        private final AppStatus to;

        Change(String wireName, AppStatus to) {
            this.wireName = wireName;
            this.to = to;
        }

        /** The verb in the lifecycle API's URL and the log. */
        public String wireName() {
            return wireName;
        }

        /** The status the app has after the change. */
        public AppStatus to() {
            return to;
        }
    }

    /** The app's registry record. */
    public AppRecord record() {
        return registry.findApp(app.id())
                .orElseThrow(() -> new IllegalStateException("app " + app.id() + " is not registered"));
    }

    /** This app's id, as the change feed names it. */
    public String id() {
        return app.id().toString();
    }
}
