package io.labelgate.console;

import io.labelgate.registry.ExpiryRule;
import io.labelgate.registry.NewToken;
import io.labelgate.registry.TokenService;
import io.labelgate.registry.TokenValidationException;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** The Tokens page's New token form, as posted: its fields, read into a {@link NewToken}. */
final class TokenForm {

    private static final List<String> FIELDS = List.of("name", "selector", "allApps", "role", "region", "expiresAt");

    private TokenForm() {}

    /** The token the form asks for; the expiry field refused here, every other field by the service. */
    static NewToken newToken(Exchange exchange) {
        return new NewToken(
                exchange.parameter("name"),
                exchange.parameter("selector"),
                "on".equals(exchange.parameter("allApps")),
                exchange.parameter("role"),
                exchange.parameter("region"),
                expiry(exchange.parameter("expiresAt")));
    }

    /** The fields as posted, absent ones empty: shown again with the reason after a refusal. */
    static Map<String, String> values(Exchange exchange) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String field : FIELDS) {
            values.put(field, Objects.requireNonNullElse(exchange.parameter(field), ""));
        }
        return values;
    }

    /**
     * The expiry field for a form shown at {@code now}: the latest day whose end (the form's dates
     * mean the end of the day, UTC) is within the maximum lifetime.
     */
    static TokensPage.ExpiryField expiryField(ExpiryRule rule, Instant now) {
        if (rule.maxLifetime().isEmpty()) {
            return new TokensPage.ExpiryField(rule.requiresExpiry(), Optional.empty(), "");
        }
        LocalDate latestDay =
                LocalDate.ofInstant(rule.latest(now), ZoneOffset.UTC).minusDays(1);
        Duration max = rule.maxLifetime().get();
        String maximum = rule.maximum().equals("P" + max.toDays() + "D")
                ? max.toDays() + (max.toDays() == 1 ? " day" : " days")
                : rule.maximum();
        return new TokensPage.ExpiryField(true, Optional.of(latestDay), maximum);
    }

    /** The form's date means the end of that day, UTC; the last day accepted is 9999-12-31. */
    static Instant expiry(String date) {
        if (date == null || date.isBlank()) {
            return null;
        }
        LocalDate day;
        try {
            day = LocalDate.parse(date.strip());
        } catch (DateTimeException e) {
            throw new TokenValidationException("expiresAt", "must be a date such as 2030-01-31");
        }
        LocalDate lastDay = LocalDate.ofInstant(TokenService.LATEST_EXPIRY, ZoneOffset.UTC);
        if (day.isAfter(lastDay)) {
            throw new TokenValidationException("expiresAt", "must be no later than " + lastDay);
        }
        return day.equals(lastDay)
                ? TokenService.LATEST_EXPIRY
                : day.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    }
}
