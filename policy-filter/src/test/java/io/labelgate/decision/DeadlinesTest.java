package io.labelgate.decision;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The remote engine's whole-request bound: the sweeper ends what overruns, and itself when idle. */
class DeadlinesTest {

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void watchWhenBudgetIsSpentThenRunsTheExpiryOnceWithinOnePeriod() throws Exception {
        Deadlines deadlines = new Deadlines();
        CountDownLatch expired = new CountDownLatch(1);
        AtomicInteger runs = new AtomicInteger();
        long started = System.nanoTime();

        Deadlines.Watch watch = deadlines.watch(Duration.ofMillis(100).toNanos(), () -> {
            runs.incrementAndGet();
            expired.countDown();
        });
        expired.await();
        long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        Thread.sleep(3 * Deadlines.PERIOD_MILLIS);

        assertTrue(watch.expired());
        assertEquals(1, runs.get());
        assertTrue(
                waitedMillis >= 100 && waitedMillis <= 100 + PipelineFixture.MARGIN.toMillis(),
                "expired after " + waitedMillis + " ms");
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void watchClosedInTimeNeverExpires() throws Exception {
        Deadlines deadlines = new Deadlines();
        AtomicInteger runs = new AtomicInteger();

        Deadlines.Watch watch = deadlines.watch(Duration.ofMillis(50).toNanos(), runs::incrementAndGet);
        watch.close();
        Thread.sleep(50 + 5 * Deadlines.PERIOD_MILLIS);

        assertFalse(watch.expired());
        assertEquals(0, runs.get());
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void sweeperWhenNothingIsWatchedForASecondThenEndsAndAWatchStartsAnother() throws Exception {
        Deadlines deadlines = new Deadlines();
        deadlines.watch(Duration.ofSeconds(5).toNanos(), () -> {}).close();
        assertTrue(sweepers() >= 1);

        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Deadlines.IDLE_MILLIS + 2_000);
        while (sweepers() > 0 && System.nanoTime() < until) {
            Thread.sleep(50);
        }
        assertEquals(0, sweepers(), "no sweeper outlives a second without requests");

        CountDownLatch expired = new CountDownLatch(1);
        deadlines.watch(Duration.ofMillis(20).toNanos(), expired::countDown);
        assertTrue(expired.await(2, TimeUnit.SECONDS), "a new sweeper ended the next overrun");
    }

    private static long sweepers() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().equals("labelgate-opa-deadlines") && thread.isAlive())
                .count();
    }
}
