package io.labelgate.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine.TypeConversionException;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The grammar of {@code --expires-at} and {@code --expires-in}, and the instant each form means. */
class ExpiryTest {

    private static final String AT = "expected a date such as 2030-01-31 (the end of that day, UTC) or an instant "
            + "such as 2030-01-31T12:00:00Z, not '%s'";
    private static final String IN = "expected a number of hours, days or weeks such as 12h, 90d or 2w, not '%s'";

    @ParameterizedTest(name = "--expires-at {0} -> {1}")
    @CsvSource({
        // a date is the end of that day, UTC: the start of the next, as the Tokens page reads its date field
        "2030-01-31,           2030-02-01T00:00:00Z",
        "2028-02-28,           2028-02-29T00:00:00Z",
        "2030-12-31,           2031-01-01T00:00:00Z",
        // the last day ends at the latest expiry the registry accepts
        "9999-12-30,           9999-12-31T00:00:00Z",
        "9999-12-31,           9999-12-31T23:59:59Z",
        // an instant is sent as it is
        "2030-01-31T12:00:00Z, 2030-01-31T12:00:00Z",
        "2030-01-01T00:00:00Z, 2030-01-01T00:00:00Z",
        "9999-12-31T23:59:59Z, 9999-12-31T23:59:59Z"
    })
    void expiresAtAcceptsADateMeaningTheEndOfThatDayOrAnInstant(String value, Instant sent) {
        assertEquals(sent, Expiry.at(value));
    }

    @ParameterizedTest(name = "--expires-at {0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "tomorrow",
                "2030-1-31",
                "31/01/2030",
                "2030-02-30",
                "2030-01-31T12:00",
                "2030-01-31T25:00:00Z",
                "2030-01-31 12:00:00Z",
                "20300131"
            })
    void expiresAtRefusesWhatIsNeitherADateNorAnInstant(String value) {
        assertEquals(
                String.format(AT, value),
                assertThrows(TypeConversionException.class, () -> Expiry.at(value))
                        .getMessage());
    }

    @ParameterizedTest(name = "--expires-at {0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "+10000-01-01         | must be no later than 9999-12-31, not '+10000-01-01'",
                "+10000-01-01T00:00:00Z | must be no later than 9999-12-31T23:59:59Z, not '+10000-01-01T00:00:00Z'"
            })
    void expiresAtRefusesPastTheLatestExpiry(String value, String message) {
        assertEquals(
                message,
                assertThrows(TypeConversionException.class, () -> Expiry.at(value))
                        .getMessage());
    }

    @ParameterizedTest(name = "--expires-in {0} -> {1}")
    @CsvSource({"1h,   PT1H", "12h,  PT12H", "1d,   PT24H", "90d,  PT2160H", "2w,   PT336H", "52w,  PT8736H"})
    void expiresInIsHoursDaysOrWeeks(String value, Duration duration) {
        assertEquals(duration, Expiry.in(value));
    }

    @ParameterizedTest(name = "--expires-in {0}")
    @CsvSource(
            delimiter = '|',
            value = {"90", "d", "0d", "00d", "-1d", "1.5d", "90D", "90 d", "3m", "1y", "P90D", "1d12h", "1234567890w"})
    void expiresInRefusesAnythingElse(String value) {
        assertEquals(
                String.format(IN, value),
                assertThrows(TypeConversionException.class, () -> Expiry.in(value))
                        .getMessage());
    }

    @Test
    void expiresInIsCountedFromNowToTheSecond() {
        assertEquals(
                Instant.parse("2030-04-01T10:15:30Z"),
                Expiry.after(Instant.parse("2030-01-01T10:15:30.987Z"), Duration.ofDays(90), "--expires-in"));
    }

    @Test
    void expiresInPastTheLatestExpiryIsAUsageError() {
        CliException refused = assertThrows(
                CliException.class,
                () -> Expiry.after(Instant.parse("2030-01-01T00:00:00Z"), Expiry.in("999999999w"), "--expires-in"));

        assertEquals(ExitCodes.USAGE, refused.exitCode());
        assertEquals("--expires-in reaches past 9999-12-31T23:59:59Z, the latest expiry", refused.getMessage());
    }
}
