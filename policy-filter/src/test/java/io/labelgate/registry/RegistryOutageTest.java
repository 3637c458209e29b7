package io.labelgate.registry;

import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A registry that cannot be reached fails fast, and is tried again after the retry interval. */
class RegistryOutageTest {

    private final AtomicBoolean down = new AtomicBoolean();
    private final AtomicInteger connectionAttempts = new AtomicInteger();
    private final JdbcRegistry registry =
            JdbcRegistry.migrate(TestDataSources.switchable(TestDataSources.h2(), down, connectionAttempts));

    @Test
    void afterOneConnectionFailureCallsAreRefusedWithoutAskingTheDatabase() {
        assertEquals(Optional.empty(), registry.find("some-id"));
        assertTrue(registry.reachable());
        down.set(true);
        int before = connectionAttempts.get();

        RegistryUnavailableException first =
                assertThrows(RegistryUnavailableException.class, () -> registry.find("some-id"));
        for (int i = 0; i < 100; i++) {
            assertThrows(RegistryUnavailableException.class, () -> registry.list());
        }

        assertEquals(before + 1, connectionAttempts.get(), "only the first call reached the database");
        assertTrue(first.getMessage().contains("connection refused"), first.getMessage());
        assertFalse(registry.reachable());
        RegistryUnavailableException fast = assertThrows(RegistryUnavailableException.class, () -> registry.find("x"));
        assertEquals("labelgate registry unreachable; next attempt within 1000 ms", fast.getMessage());
    }

    @Test
    void afterTheRetryIntervalOneCallTriesAgainAndClosesTheBreakerWhenItWorks() throws InterruptedException {
        down.set(true);
        assertThrows(RegistryUnavailableException.class, () -> registry.find("some-id"));
        down.set(false);
        assertThrows(RegistryUnavailableException.class, () -> registry.find("some-id"), "still within the interval");

        Thread.sleep(JdbcRegistry.RETRY_INTERVAL.toMillis() + 100);

        assertEquals(Optional.empty(), registry.find("some-id"));
        assertTrue(registry.reachable());
        assertEquals(Optional.empty(), registry.find("another-id"));
    }

    @Test
    void aFailedProbeKeepsTheBreakerOpen() throws InterruptedException {
        down.set(true);
        assertThrows(RegistryUnavailableException.class, () -> registry.find("some-id"));
        Thread.sleep(JdbcRegistry.RETRY_INTERVAL.toMillis() + 100);
        int before = connectionAttempts.get();

        assertThrows(RegistryUnavailableException.class, () -> registry.find("some-id"));
        assertThrows(RegistryUnavailableException.class, () -> registry.find("some-id"));

        assertEquals(before + 1, connectionAttempts.get(), "one probe, then refused again");
        assertFalse(registry.reachable());
    }
}
