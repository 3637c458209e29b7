package io.labelgate.registry;

import io.labelgate.token.Role;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Which tokens a list shows, every condition given combined with AND: the admin API's
 * {@code GET /tokens} query, the CLI's {@code token list} options and the Tokens page's filter form
 * all come to it. Tokens are filtered in memory over {@link TokenService#list()}.
 *
 * @param role           only tokens of this role
 * @param region         only tokens of this region (exactly)
 * @param expiringBefore only tokens with an expiry before this instant (a token without expiry never is)
 * @param unusedSince    only tokens never used, or last used before this instant
 */
public record TokenFilter(
        Optional<Role> role, Optional<String> region, Optional<Instant> expiringBefore, Optional<Instant> unusedSince)
        implements Predicate<TokenRecord> {

    /** Every token. */
    public static final TokenFilter ANY =
            new TokenFilter(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());

    /** Query parameter: the role's wire name. */
    public static final String ROLE = "role";
    /** Query parameter: the region. */
    public static final String REGION = "region";
    /** Query parameter: an instant or a day. */
    public static final String EXPIRING_BEFORE = "expiringBefore";
    /** Query parameter: an instant or a day. */
    public static final String UNUSED_SINCE = "unusedSince";

    private static final int MAX_LENGTH = 200;

    public TokenFilter {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(expiringBefore, "expiringBefore");
        Objects.requireNonNull(unusedSince, "unusedSince");
    }

    @Override
    public boolean test(TokenRecord token) {
        return role.map(wanted -> token.role() == wanted).orElse(true)
                && region.map(token.region()::equals).orElse(true)
                && expiringBefore
                        .map(before -> token.expiry().filter(before::isAfter).isPresent())
                        .orElse(true)
                && unusedSince
                        .map(since ->
                                token.lastUsedAt() == null || token.lastUsedAt().isBefore(since))
                        .orElse(true);
    }

    /** Whether any condition is given. */
    public boolean filters() {
        return !equals(ANY);
    }

    /**
     * The filter query parameters ask for: {@code role} ({@code read} or {@code operator}),
     * {@code region}, {@code expiringBefore} and {@code unusedSince} (each an ISO-8601 instant,
     * {@code 2026-12-01T09:00:00Z}, or a day, {@code 2026-12-01}, meaning its start in UTC). An
     * absent or blank parameter is no condition.
     *
     * @param parameter a request's parameter by name, null when absent
     * @throws TokenValidationException naming the first parameter that cannot be used
     */
    public static TokenFilter parse(Function<String, String> parameter) {
        return new TokenFilter(
                value(parameter, ROLE)
                        .map(name -> Role.fromWireName(name)
                                .orElseThrow(() -> new TokenValidationException(
                                        ROLE,
                                        "must be one of "
                                                + Arrays.stream(Role.values())
                                                        .map(Role::wireName)
                                                        .collect(Collectors.joining(", "))))),
                value(parameter, REGION),
                value(parameter, EXPIRING_BEFORE).map(text -> instant(EXPIRING_BEFORE, text)),
                value(parameter, UNUSED_SINCE).map(text -> instant(UNUSED_SINCE, text)));
    }

    private static Optional<String> value(Function<String, String> parameter, String name) {
        String value = parameter.apply(name);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        if (value.length() > MAX_LENGTH) {
            throw new TokenValidationException(name, "must be at most " + MAX_LENGTH + " characters");
        }
        return Optional.of(value.strip());
    }

    private static Instant instant(String name, String value) {
        try {
            return value.length() == 10
                    ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new TokenValidationException(
                    name, "must be an ISO-8601 instant such as 2026-12-01T09:00:00Z or a day such as 2026-12-01");
        }
    }
}
