package io.labelgate.console;

import io.labelgate.registry.AuditAction;
import io.labelgate.registry.AuditQuery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The audit trail's filters as query parameters. */
class AuditFilterTest {

    private static AuditQuery parse(Map<String, String> parameters) {
        return AuditFilter.parse(parameters::get);
    }

    @Test
    void readsEveryFilter() {
        assertEquals(
                new AuditQuery(
                        Optional.of(Instant.parse("2026-12-01T09:00:00Z")),
                        Optional.of("alice"),
                        Optional.of("0b6c"),
                        Optional.of(AuditAction.TOKEN_DELETED),
                        OptionalLong.of(42),
                        7),
                parse(Map.of(
                        "since", "2026-12-01T09:00:00Z",
                        "actor", "alice",
                        "target", "0b6c",
                        "action", "token.deleted",
                        "before", "42",
                        "limit", "7")));
    }

    @Test
    void aDayMeansItsStartInUtcAndEmptyParametersAreNoFilter() {
        assertEquals(
                new AuditQuery(
                        Optional.of(Instant.parse("2026-12-01T00:00:00Z")),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        OptionalLong.empty(),
                        AuditQuery.DEFAULT_LIMIT),
                parse(Map.of("since", "2026-12-01", "actor", "", "target", " ", "action", "")));
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "since|yesterday|must be an ISO-8601 instant such as 2026-12-01T09:00:00Z or a day such as 2026-12-01",
                "since|2026-13-01|must be an ISO-8601 instant such as 2026-12-01T09:00:00Z or a day such as 2026-12-01",
                "limit|0|must be a whole number from 1 to 500",
                "limit|501|must be a whole number from 1 to 500",
                "limit|ten|must be a whole number from 1 to 500",
                "before|-1|must be a whole number from 1 to 9223372036854775807",
                "before|1e3|must be a whole number from 1 to 9223372036854775807",
            })
    void refusesABadValueNamingItsParameter(String parameter, String value, String reason) {
        AuditFilter.InvalidParameterException refused =
                assertThrows(AuditFilter.InvalidParameterException.class, () -> parse(Map.of(parameter, value)));

        assertEquals(parameter, refused.parameter());
        assertEquals(reason, refused.getMessage());
    }

    @Test
    void refusesAnUnknownActionListingTheKnownOnes() {
        AuditFilter.InvalidParameterException refused = assertThrows(
                AuditFilter.InvalidParameterException.class, () -> parse(Map.of("action", "token.burned")));

        assertEquals("action", refused.parameter());
        assertEquals(
                "must be one of token.created, token.replaced, token.regenerated, token.deleted, key.rotated, "
                        + "key.retired, app.stopped, app.started, app.deleted, policy.changed, admin.signed-in, "
                        + "admin.refused, sign-in.refused",
                refused.getMessage());
    }

    @Test
    void refusesAnOverlongValue() {
        AuditFilter.InvalidParameterException refused = assertThrows(
                AuditFilter.InvalidParameterException.class, () -> parse(Map.of("actor", "a".repeat(201))));

        assertEquals("actor", refused.parameter());
        assertEquals("must be at most 200 characters", refused.getMessage());
    }
}
