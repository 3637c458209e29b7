package io.labelgate.console;

import io.labelgate.registry.AuditAction;
import io.labelgate.registry.AuditQuery;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The audit trail's filters as the API's query parameters and the Audit page's form send them:
 * {@code since} (an ISO-8601 instant, {@code 2026-12-01T09:00:00Z}, or a day, {@code 2026-12-01},
 * meaning its start in UTC), {@code actor}, {@code target}, {@code action} (a wire name such as
 * {@code token.deleted}), {@code before} (the {@code next} of the previous page) and {@code limit}
 * (1 to {@value AuditQuery#MAX_LIMIT}). An empty parameter is no filter. A bad value is refused
 * with the parameter's name.
 */
final class AuditFilter {

    /** The query parameters it reads, in the order the page shows them. */
    static final String[] PARAMETERS = {"since", "actor", "target", "action", "before", "limit"};

    private AuditFilter() {}

    /** A parameter whose value cannot be used. */
    static final class InvalidParameterException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String parameter;

        InvalidParameterException(String parameter, String reason) {
            super(reason);
            this.parameter = parameter;
        }

        /** The parameter's name. */
        String parameter() {
            return parameter;
        }
    }

    /**
     * The query the parameters ask for.
     *
     * @param parameter a request's parameter by name, null when absent
     * @throws InvalidParameterException naming the first parameter that cannot be used
     */
    static AuditQuery parse(Function<String, String> parameter) {
        Optional<String> action = value(parameter, "action");
        return new AuditQuery(
                value(parameter, "since").map(AuditFilter::since),
                value(parameter, "actor"),
                value(parameter, "target"),
                action.map(name -> AuditAction.fromWireName(name)
                        .orElseThrow(() -> new InvalidParameterException(
                                "action",
                                "must be one of "
                                        + Arrays.stream(AuditAction.values())
                                                .map(AuditAction::wireName)
                                                .collect(Collectors.joining(", "))))),
                value(parameter, "before")
                        .map(before -> OptionalLong.of(positive("before", before, Long.MAX_VALUE)))
                        .orElse(OptionalLong.empty()),
                value(parameter, "limit")
                        .map(limit -> (int) positive("limit", limit, AuditQuery.MAX_LIMIT))
                        .orElse(AuditQuery.DEFAULT_LIMIT));
    }

    private static Optional<String> value(Function<String, String> parameter, String name) {
        String value = parameter.apply(name);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        if (value.length() > 200) {
            throw new InvalidParameterException(name, "must be at most 200 characters");
        }
        return Optional.of(value.strip());
    }

    private static Instant since(String value) {
        try {
            return value.length() == 10
                    ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new InvalidParameterException(
                    "since", "must be an ISO-8601 instant such as 2026-12-01T09:00:00Z or a day such as 2026-12-01");
        }
    }

    private static long positive(String name, String value, long max) {
        long number;
        try {
            number = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new InvalidParameterException(name, "must be a whole number from 1 to " + max);
        }
        if (number < 1 || number > max) {
            throw new InvalidParameterException(name, "must be a whole number from 1 to " + max);
        }
        return number;
    }
}
