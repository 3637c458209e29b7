package io.labelgate.console;

import io.labelgate.registry.TokenValidationException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The Tokens page's expiry field: a date, meaning the end of that day (UTC). */
class ExpiryFieldTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "2030-01-31, 2030-02-01T00:00:00Z",
        "' 2030-01-31 ', 2030-02-01T00:00:00Z",
        "9999-12-30, 9999-12-31T00:00:00Z",
        "9999-12-31, 9999-12-31T23:59:59Z"
    })
    void aDateMeansTheEndOfThatDay(String field, Instant expiry) {
        assertEquals(expiry, ConsoleServlet.expiry(field));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "+999999999-12-31|must be no later than 9999-12-31",
                "+10000-01-01|must be no later than 9999-12-31",
                "2030-02-30|must be a date such as 2030-01-31",
                "31/01/2030|must be a date such as 2030-01-31",
                "2030-01-31T00:00:00Z|must be a date such as 2030-01-31"
            })
    void aDateOutOfRangeOrMalformedIsRefusedNamingTheField(String field, String reason) {
        TokenValidationException refused =
                assertThrows(TokenValidationException.class, () -> ConsoleServlet.expiry(field));

        assertEquals("expiresAt", refused.field());
        assertEquals(reason, refused.reason());
    }
}
