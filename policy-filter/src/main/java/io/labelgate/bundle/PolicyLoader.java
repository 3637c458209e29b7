package io.labelgate.bundle;

import io.labelgate.decision.EmbeddedWasmEngine;
import io.labelgate.decision.PolicyModule;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps an embedded engine on the newest good bundle of one source: fetches it at start and then
 * every polling interval, and loads each new one into the engine, which compiles and checks it
 * before it replaces the running policy ({@link EmbeddedWasmEngine#load}). A bundle that cannot be
 * fetched, verified, compiled or checked is reported (a log line, and {@link #status()} for
 * readiness) and the previous policy keeps deciding; before any policy has loaded, the engine
 * refuses every decision (503).
 */
public final class PolicyLoader implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(PolicyLoader.class.getName());

    private final String role;
    private final BundleSource source;
    private final Optional<BundleVerifier> verifier;
    private final EmbeddedWasmEngine engine;
    private final Duration interval;
    private final Clock clock;
    private ScheduledExecutorService poller;
    private String lastDigest;
    /** Why the newest bundle fetched was refused, until one loads. */
    private Optional<String> refusal = Optional.empty();

    private volatile Status status = new Status(Optional.empty(), Optional.empty(), Optional.empty());

    /**
     * The state of a loader at one moment.
     *
     * @param running   the policy deciding now (its name), empty before the first loads
     * @param lastError why the last bundle fetched was refused, until one loads
     * @param loadedAt  when the running policy was loaded
     */
    public record Status(Optional<String> running, Optional<String> lastError, Optional<Instant> loadedAt) {}

    /**
     * @param role     what the policy is for, in log lines: {@code "policy"} or {@code "shadow policy"}
     * @param source   where bundles come from
     * @param verifier the signature check, when a verification key is configured
     * @param engine   the engine the bundles are loaded into
     * @param interval time between polls of a source that can change
     */
    public PolicyLoader(
            String role,
            BundleSource source,
            Optional<BundleVerifier> verifier,
            EmbeddedWasmEngine engine,
            Duration interval,
            Clock clock) {
        this.role = Objects.requireNonNull(role, "role");
        this.source = Objects.requireNonNull(source, "source");
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.engine = Objects.requireNonNull(engine, "engine");
        this.interval = Objects.requireNonNull(interval, "interval");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException("the polling interval must be positive");
        }
    }

    /**
     * One attempt: fetches the bundle and, when it is new, loads it. Never throws: a failure is
     * logged and kept in {@link #status()}.
     *
     * @return whether a new policy now decides
     */
    public synchronized boolean poll() {
        PolicyModule policy;
        String digest;
        Optional<byte[]> archive;
        try {
            archive = source.fetchIfChanged();
        } catch (BundleException e) {
            refused(e.getMessage(), false);
            return false;
        }
        if (archive.isEmpty() || (digest = PolicyBundle.sha256(archive.get())).equals(lastDigest)) {
            // the source answers again and has nothing new: an outage it reported is over, a
            // refusal of the bundle it still serves is not
            reported(refusal);
            return false;
        }
        lastDigest = digest;
        try {
            policy = PolicyBundle.read(archive.get(), verifier, source.describe());
            engine.load(policy);
        } catch (BundleException | IllegalArgumentException | IllegalStateException e) {
            refused(e.getMessage(), true);
            return false;
        } catch (StackOverflowError | OutOfMemoryError e) {
            // a module too large or too deep to compile is refused like any other; polling goes on
            refused("the policy could not be compiled: " + e, true);
            return false;
        }
        refusal = Optional.empty();
        status = new Status(Optional.of(policy.name()), Optional.empty(), Optional.of(clock.instant()));
        LOG.info(() -> "labelgate: the " + role + " is now " + policy.name() + ": reads " + policy.scope()
                + " of the request, decisions remembered " + policy.caching());
        return true;
    }

    /**
     * Records why a fetch failed or a bundle was refused, and logs it once (not again at every poll
     * while it lasts).
     *
     * @param ofTheBundle whether the bundle itself was refused (kept until another loads), rather
     *                    than the source failing to answer (over at its next answer)
     */
    private void refused(String reason, boolean ofTheBundle) {
        if (ofTheBundle) {
            refusal = Optional.of(reason);
        }
        Status before = status;
        reported(Optional.of(reason));
        if (!reason.equals(before.lastError().orElse(null))) {
            LOG.log(
                    Level.WARNING,
                    () -> "labelgate: the " + role + " bundle from " + source.describe()
                            + " was refused, "
                            + before.running()
                                    .map(name -> "keeping " + name)
                                    .orElse("and no " + role + " is loaded: requests are refused with 503")
                            + ": " + reason);
        }
    }

    private void reported(Optional<String> error) {
        Status before = status;
        status = new Status(before.running(), error, before.loadedAt());
    }

    /** Polls now, and then every interval when the source can change. */
    public synchronized void start(String appName) {
        poll();
        if (source.changes() && poller == null) {
            poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "labelgate-" + role.replace(' ', '-') + "-" + appName);
                thread.setDaemon(true);
                return thread;
            });
            long millis = interval.toMillis();
            poller.scheduleWithFixedDelay(this::pollQuietly, millis, millis, TimeUnit.MILLISECONDS);
        }
    }

    private void pollQuietly() {
        try {
            poll();
        } catch (RuntimeException | LinkageError e) {
            // a bug must not end the polling (an exception out of a scheduled task cancels it): the
            // next interval tries again
            LOG.log(Level.WARNING, "labelgate: polling the " + role + " bundle failed", e);
        }
    }

    /** The state now. */
    public Status status() {
        return status;
    }

    /** Where bundles come from. */
    public BundleSource source() {
        return source;
    }

    @Override
    public synchronized void close() {
        if (poller != null) {
            poller.shutdownNow();
            poller = null;
        }
    }
}
