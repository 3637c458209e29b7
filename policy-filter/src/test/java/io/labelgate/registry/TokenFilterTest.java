package io.labelgate.registry;

import io.labelgate.selector.Selector;
import io.labelgate.token.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenFilterTest {

    private static final Instant CREATED = Instant.parse("2026-11-01T00:00:00Z");

    private static TokenRecord token(String id, Role role, String region, String expiresAt, String lastUsedAt) {
        return new TokenRecord(
                id,
                id,
                Selector.parse("group=A"),
                false,
                role,
                region,
                1,
                CREATED,
                expiresAt == null ? null : Instant.parse(expiresAt),
                lastUsedAt == null ? null : Instant.parse(lastUsedAt));
    }

    private static final List<TokenRecord> TOKENS = List.of(
            token("read-gra", Role.READ, "GRA", "2026-12-10T00:00:00Z", "2026-11-20T10:00:00Z"),
            token("op-gra", Role.OPERATOR, "GRA", null, null),
            token("read-bhs", Role.READ, "BHS", "2026-12-31T00:00:00Z", "2026-12-01T09:00:00Z"),
            token("op-bhs", Role.OPERATOR, "BHS", "2026-12-20T00:00:00Z", null));

    private static List<String> matching(Map<String, String> query) {
        TokenFilter filter = TokenFilter.parse(query::get);
        return TOKENS.stream().filter(filter).map(TokenRecord::id).toList();
    }

    @ParameterizedTest(name = "{0} lists {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "''                                                   | read-gra op-gra read-bhs op-bhs",
                "role=read                                            | read-gra read-bhs",
                "role=operator                                        | op-gra op-bhs",
                "region=GRA                                           | read-gra op-gra",
                "region=gra                                           | ''",
                "region= BHS                                          | read-bhs op-bhs",
                "expiringBefore=2026-12-20                            | read-gra",
                "expiringBefore=2026-12-20T00:00:01Z                  | read-gra op-bhs",
                "unusedSince=2026-12-01                               | read-gra op-gra op-bhs",
                "unusedSince=2026-11-20T10:00:00Z                     | op-gra op-bhs",
                "role=operator&region=BHS                             | op-bhs",
                "role=read&expiringBefore=2027-01-01&unusedSince=2026-12-01 | read-gra",
                "role=&region=                                        | read-gra op-gra read-bhs op-bhs",
            })
    void listsTheTokensMatchingEveryConditionGiven(String query, String expected) {
        Map<String, String> parameters = new HashMap<>();
        for (String pair : query.split("&")) {
            if (!pair.isEmpty()) {
                String[] nameValue = pair.split("=", 2);
                parameters.put(nameValue[0], nameValue[1]);
            }
        }

        assertEquals(expected.isEmpty() ? List.of() : List.of(expected.split(" ")), matching(parameters));
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "role           | admin        | must be one of read, operator",
                "role           | READ         | must be one of read, operator",
                "expiringBefore | tomorrow     | must be an ISO-8601 instant such as 2026-12-01T09:00:00Z or a day such as 2026-12-01",
                "expiringBefore | 2026-13-01   | must be an ISO-8601 instant such as 2026-12-01T09:00:00Z or a day such as 2026-12-01",
                "unusedSince    | 2026-12-01 09:00 | must be an ISO-8601 instant such as 2026-12-01T09:00:00Z or a day such as 2026-12-01",
            })
    void refusesAValueItCannotUseNamingTheParameter(String name, String value, String reason) {
        TokenValidationException refused =
                assertThrows(TokenValidationException.class, () -> TokenFilter.parse(Map.of(name, value)::get));

        assertEquals(name, refused.field());
        assertEquals(reason, refused.reason());
    }

    @Test
    void refusesAnOverlongRegionNamingIt() {
        TokenValidationException refused = assertThrows(
                TokenValidationException.class, () -> TokenFilter.parse(Map.of("region", "G".repeat(201))::get));

        assertEquals("region", refused.field());
        assertEquals("must be at most 200 characters", refused.reason());
    }

    @Test
    void aDayMeansItsStartInUtc() {
        TokenFilter filter =
                TokenFilter.parse(Map.of("expiringBefore", "2026-12-20", "unusedSince", "2026-12-01")::get);

        assertEquals(
                new TokenFilter(
                        Optional.empty(),
                        Optional.empty(),
                        Optional.of(Instant.parse("2026-12-20T00:00:00Z")),
                        Optional.of(Instant.parse("2026-12-01T00:00:00Z"))),
                filter);
        assertTrue(filter.filters());
        assertFalse(TokenFilter.parse(Map.<String, String>of()::get).filters());
    }
}
