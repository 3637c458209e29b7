package io.labelgate.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/** Typed reads over a {@link ConfigLookup}; every fault names its key. */
final class ConfigReader {

    private final ConfigLookup lookup;

    ConfigReader(ConfigLookup lookup) {
        this.lookup = Objects.requireNonNull(lookup, "lookup");
    }

    Optional<String> optional(String key) {
        return lookup.get(key).map(String::strip).filter(value -> !value.isEmpty());
    }

    String string(String key, String defaultValue) {
        return optional(key).orElse(defaultValue);
    }

    String required(String key, String example) {
        return optional(key).orElseThrow(() -> new ConfigurationException(key, "required, e.g. " + example));
    }

    boolean bool(String key, boolean defaultValue) {
        return optional(key).map(value -> switch (value.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ConfigurationException(key, "must be true or false");
        }).orElse(defaultValue);
    }

    int positiveInt(String key, int defaultValue) {
        return optional(key).map(value -> {
            try {
                int parsed = Integer.parseInt(value);
                if (parsed < 1) {
                    throw new ConfigurationException(key, "must be a positive integer");
                }
                return parsed;
            } catch (NumberFormatException e) {
                throw new ConfigurationException(key, "must be a positive integer, e.g. 8");
            }
        }).orElse(defaultValue);
    }

    int nonNegativeInt(String key, int defaultValue) {
        return optional(key).map(value -> {
            try {
                int parsed = Integer.parseInt(value);
                if (parsed < 0) {
                    throw new ConfigurationException(key, "must be 0 or a positive integer");
                }
                return parsed;
            } catch (NumberFormatException e) {
                throw new ConfigurationException(key, "must be 0 or a positive integer, e.g. 10000");
            }
        }).orElse(defaultValue);
    }

    /** The longest duration any labelgate key accepts. */
    static final Duration LONGEST_DURATION = Duration.ofDays(366);

    Duration duration(String key, Duration defaultValue) {
        return optional(key).map(value -> {
            try {
                Duration parsed = Duration.parse(value);
                if (parsed.isNegative()) {
                    throw new ConfigurationException(key, "must not be negative");
                }
                if (parsed.compareTo(LONGEST_DURATION) > 0) {
                    // every duration here is a timeout, an interval or a lifetime; far longer ones
                    // would overflow the caches' and clocks' nanosecond arithmetic at the first use
                    throw new ConfigurationException(key, "must be at most " + LONGEST_DURATION + " (366 days)");
                }
                return parsed;
            } catch (DateTimeParseException e) {
                throw new ConfigurationException(key, "must be an ISO-8601 duration, e.g. PT30S");
            }
        }).orElse(defaultValue);
    }

    Optional<Path> path(String key) {
        return optional(key).map(value -> {
            try {
                return Path.of(value);
            } catch (InvalidPathException e) {
                throw new ConfigurationException(key, "is not a valid path");
            }
        });
    }

    Optional<URI> httpUrl(String key) {
        return optional(key).map(value -> {
            try {
                URI uri = new URI(value);
                if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme())) {
                    throw new ConfigurationException(key, "must be an http or https URL");
                }
                return uri;
            } catch (URISyntaxException e) {
                throw new ConfigurationException(key, "is not a valid URL");
            }
        });
    }

    /** Parses with a function whose {@link IllegalArgumentException} becomes a fault naming the key. */
    <T> Optional<T> parsed(String key, Function<String, T> parser) {
        return optional(key).map(value -> {
            try {
                return parser.apply(value);
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException(key, e.getMessage(), e);
            }
        });
    }
}
