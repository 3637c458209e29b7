package io.labelgate.app;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.labelgate.registry.AppRecord;
import io.labelgate.registry.AppRegistry;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * This app's lifecycle: {@code running}, {@code stopped} (ordinary requests get 503) or
 * {@code deleted} (every request gets 410 until the app is deployed again). The status lives in
 * the registry, so it survives restarts and is the same on every node; each node reads it with
 * the revocation bound's staleness and tells the application of every change it observes.
 */
public final class AppLifecycle {

    private static final Logger LOG = Logger.getLogger(AppLifecycle.class.getName());

    private final AppIdentity app;
    private final AppRegistry registry;
    private final Clock clock;
    private final Consumer<AppStatusChanged> listener;
    private final LoadingCache<String, String> status;
    private final AtomicReference<String> observed = new AtomicReference<>(AppRecord.RUNNING);

    /**
     * @param listener told of every change this node observes (labelgate fires it as a CDI event)
     */
    public AppLifecycle(AppIdentity app, AppRegistry registry, Duration maxStaleness, Clock clock,
                        Consumer<AppStatusChanged> listener) {
        this.app = Objects.requireNonNull(app, "app");
        this.registry = Objects.requireNonNull(registry, "registry");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.listener = Objects.requireNonNull(listener, "listener");
        // re-read at half the bound on the requesting thread while every other request keeps the
        // current status: requests never queue behind one registry read (as they would at expiry)
        this.status = Caffeine.newBuilder().maximumSize(1).expireAfterWrite(maxStaleness)
                .refreshAfterWrite(maxStaleness.dividedBy(2))
                .executor(Runnable::run)
                .build(key -> registry.findApp(app.id()).map(AppRecord::status).orElse(AppRecord.DELETED));
    }

    /** The current status, at most the staleness bound old. */
    public String status() {
        String current = status.get("status");
        String before = observed.getAndSet(current);
        if (!before.equals(current)) {
            LOG.info(() -> "labelgate: app " + app.id() + " is now " + current + " (was " + before + ")");
            try {
                listener.accept(new AppStatusChanged(app.id(), before, current));
            } catch (RuntimeException e) {
                LOG.warning("labelgate: an observer of the app's status failed: " + e);
            }
        }
        return current;
    }

    /** Stops the app: ordinary requests get 503 on every node. */
    public String stop() {
        return change(AppRecord.STOPPED);
    }

    /** Starts a stopped app again. */
    public String start() {
        return change(AppRecord.RUNNING);
    }

    /** Deletes the app: every request gets 410 until it is deployed again. */
    public String delete() {
        return change(AppRecord.DELETED);
    }

    private String change(String next) {
        registry.setStatus(app.id(), next, clock.instant());
        status.invalidateAll();
        return status();
    }

    /** The app's registry record. */
    public AppRecord record() {
        return registry.findApp(app.id()).orElseThrow(() -> new IllegalStateException("app " + app.id()
                + " is not registered"));
    }
}
