package io.labelgate.console;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts failed credential attempts per client address in windows of one hour, so a secret
 * cannot be guessed without limit: past {@code maxFailures} failures in a window every attempt
 * from that address is refused, the right credential too, until the window ends. Per node: a
 * cluster of n nodes allows n times as many.
 */
public final class FailureThrottle {

    /** The length of a counting window. */
    public static final Duration WINDOW = Duration.ofHours(1);

    private final int maxFailures;
    private final Clock clock;
    private final Cache<String, Window> windows;

    private record Window(Instant started, AtomicInteger failures) {}

    /**
     * @param maxFailures failures allowed per address and window
     * @param clock       the time source
     */
    public FailureThrottle(int maxFailures, Clock clock) {
        if (maxFailures < 1) {
            throw new IllegalArgumentException("maxFailures must be at least 1");
        }
        this.maxFailures = maxFailures;
        this.clock = Objects.requireNonNull(clock, "clock");
        // bounded: a flood of addresses evicts windows, it cannot exhaust memory
        this.windows = Caffeine.newBuilder()
                .maximumSize(100_000)
                .expireAfterWrite(WINDOW)
                .build();
    }

    /** How long an address must wait before its next attempt is heard; empty when it may try now. */
    public Optional<Duration> retryAfter(String address) {
        Window window = current(address);
        if (window == null || window.failures().get() < maxFailures) {
            return Optional.empty();
        }
        Duration left = Duration.between(clock.instant(), window.started().plus(WINDOW));
        return Optional.of(left.isNegative() ? Duration.ZERO : left);
    }

    /** Counts a failed attempt from an address. */
    public void failed(String address) {
        Window window = current(address);
        if (window == null) {
            window = windows.asMap()
                    .merge(
                            address,
                            new Window(clock.instant(), new AtomicInteger()),
                            (old, fresh) -> expired(old) ? fresh : old);
        }
        window.failures().incrementAndGet();
    }

    private Window current(String address) {
        Window window = windows.getIfPresent(Objects.requireNonNull(address, "address"));
        return window == null || expired(window) ? null : window;
    }

    private boolean expired(Window window) {
        return !clock.instant().isBefore(window.started().plus(WINDOW));
    }

    /** The {@code Retry-After} value (RFC 9110 §10.2.3): whole seconds, rounded up, at least 1. */
    public static String retryAfterSeconds(Duration wait) {
        long seconds = wait.getSeconds() + (wait.getNano() > 0 ? 1 : 0);
        return Long.toString(Math.max(1, seconds));
    }
}
