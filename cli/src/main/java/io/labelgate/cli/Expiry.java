package io.labelgate.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The forms a token's expiry takes on the command line, each turned into the ISO-8601 instant
 * the admin API takes ({@code expiresAt}):
 * <ul>
 *   <li>{@code --expires-at 2030-01-31}: a date means the end of that day, UTC, i.e. the start of
 *       the next ({@code 2030-02-01T00:00:00Z}), as on the Tokens page; the last day is
 *       {@code 9999-12-31}, which means {@link #LATEST};</li>
 *   <li>{@code --expires-at 2030-01-31T12:00:00Z}: an instant, sent as it is;</li>
 *   <li>{@code --expires-in 90d}: a whole number of hours ({@code h}), days ({@code d}) or weeks
 *       ({@code w}) from now.</li>
 * </ul>
 */
final class Expiry {

    /** The latest expiry the registry accepts, the end of 9999-12-31 UTC ({@code TokenService.LATEST_EXPIRY}). */
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");
    /** The last day {@code --expires-at} accepts. */
    static final LocalDate LAST_DAY = LocalDate.ofInstant(LATEST, ZoneOffset.UTC);

    /** Examples for help and messages. */
    static final String AT_EXAMPLES =
            "a date such as 2030-01-31 (the end of that day, UTC) or an instant such as " + "2030-01-31T12:00:00Z";

    static final String IN_EXAMPLES = "a number of hours, days or weeks such as 12h, 90d or 2w";

    /** Up to nine digits: a billion weeks is far past {@link #LATEST} and far within {@link Instant#MAX}. */
    private static final Pattern DURATION = Pattern.compile("([1-9][0-9]{0,8})([hdw])");

    private Expiry() {}

    /** The instant of {@code --expires-at}: a date (the end of that day, UTC) or an ISO-8601 instant. */
    static Instant at(String value) {
        Instant instant;
        if (value.contains("T")) {
            try {
                instant = Instant.parse(value);
            } catch (DateTimeException e) {
                throw new TypeConversionException("expected " + AT_EXAMPLES + ", not '" + value + "'");
            }
        } else {
            LocalDate day;
            try {
                day = LocalDate.parse(value);
            } catch (DateTimeException e) {
                throw new TypeConversionException("expected " + AT_EXAMPLES + ", not '" + value + "'");
            }
            if (day.isAfter(LAST_DAY)) {
                throw new TypeConversionException("must be no later than " + LAST_DAY + ", not '" + value + "'");
            }
            // the start of the next day, as the Tokens page does; the last day ends at LATEST
            instant = day.equals(LAST_DAY)
                    ? LATEST
                    : day.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        }
        if (instant.isAfter(LATEST)) {
            throw new TypeConversionException("must be no later than " + LATEST + ", not '" + value + "'");
        }
        return instant;
    }

    /** The duration of {@code --expires-in}: {@code <n>h}, {@code <n>d} or {@code <n>w}, n a positive whole number. */
    static Duration in(String value) {
        Matcher matcher = DURATION.matcher(value);
        if (!matcher.matches()) {
            throw new TypeConversionException("expected " + IN_EXAMPLES + ", not '" + value + "'");
        }
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "h" -> Duration.ofHours(amount);
            case "d" -> Duration.ofDays(amount);
            default -> Duration.ofDays(amount * 7);
        };
    }

    /**
     * The instant {@code duration} after {@code now}, to the second (the registry keeps seconds).
     *
     * @throws CliException ({@link ExitCodes#USAGE}) when it falls after {@link #LATEST}
     */
    static Instant after(Instant now, Duration duration, String option) {
        Instant instant = now.plus(duration).truncatedTo(ChronoUnit.SECONDS);
        if (instant.isAfter(LATEST)) {
            throw new CliException(ExitCodes.USAGE, option + " reaches past " + LATEST + ", the latest expiry");
        }
        return instant;
    }

    /** Reads {@code --expires-at}. */
    static final class AtConverter implements ITypeConverter<Instant> {
        @Override
        public Instant convert(String value) {
            return at(value);
        }
    }

    /** Reads {@code --expires-in}. */
    static final class InConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            return in(value);
        }
    }
}
