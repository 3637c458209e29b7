package io.labelgate.console;

import io.labelgate.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FailureThrottleTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
    private final FailureThrottle throttle = new FailureThrottle(3, clock);

    @Test
    void refusesAnAddressPastItsFailuresUntilItsWindowEnds() {
        for (int failure = 0; failure < 3; failure++) {
            assertEquals(Optional.empty(), throttle.retryAfter("10.0.0.7"));
            throttle.failed("10.0.0.7");
            clock.advance(Duration.ofMinutes(1));
        }

        assertEquals(Optional.of(Duration.ofMinutes(57)), throttle.retryAfter("10.0.0.7"));
        assertEquals(Optional.empty(), throttle.retryAfter("10.0.0.8"), "other addresses are not affected");
        clock.advance(Duration.ofMinutes(57).minusSeconds(1));
        assertEquals(Optional.of(Duration.ofSeconds(1)), throttle.retryAfter("10.0.0.7"));
        clock.advance(Duration.ofSeconds(1));
        assertEquals(Optional.empty(), throttle.retryAfter("10.0.0.7"));
    }

    @Test
    void aNewWindowCountsFromZero() {
        throttle.failed("10.0.0.7");
        throttle.failed("10.0.0.7");
        clock.advance(FailureThrottle.WINDOW);

        throttle.failed("10.0.0.7");
        throttle.failed("10.0.0.7");

        assertEquals(Optional.empty(), throttle.retryAfter("10.0.0.7"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"PT0S, 1", "PT0.2S, 1", "PT1S, 1", "PT1.001S, 2", "PT57M, 3420"})
    void retryAfterIsWholeSecondsRoundedUpAndAtLeastOne(Duration wait, String header) {
        assertEquals(header, FailureThrottle.retryAfterSeconds(wait));
    }
}
