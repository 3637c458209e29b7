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
import java.util.function.UnaryOperator;

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
        return optional(key)
                .map(value -> switch (value.toLowerCase(Locale.ROOT)) {
                    case "true" -> true;
                    case "false" -> false;
                    default -> throw new ConfigurationException(key, "must be true or false");
                })
                .orElse(defaultValue);
    }

    int positiveInt(String key, int defaultValue) {
        return optional(key)
                .map(value -> {
                    try {
                        int parsed = Integer.parseInt(value);
                        if (parsed < 1) {
                            throw new ConfigurationException(key, "must be a positive integer");
                        }
                        return parsed;
                    } catch (NumberFormatException e) {
                        throw new ConfigurationException(key, "must be a positive integer, e.g. 8");
                    }
                })
                .orElse(defaultValue);
    }

    int nonNegativeInt(String key, int defaultValue) {
        return optional(key)
                .map(value -> {
                    try {
                        int parsed = Integer.parseInt(value);
                        if (parsed < 0) {
                            throw new ConfigurationException(key, "must be 0 or a positive integer");
                        }
                        return parsed;
                    } catch (NumberFormatException e) {
                        throw new ConfigurationException(key, "must be 0 or a positive integer, e.g. 10000");
                    }
                })
                .orElse(defaultValue);
    }

    /** The longest duration any labelgate key accepts. */
    static final Duration LONGEST_DURATION = Duration.ofDays(366);

    Duration duration(String key, Duration defaultValue) {
        return optionalDuration(key).orElse(defaultValue);
    }

    Optional<Duration> optionalDuration(String key) {
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
        });
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

    /** A path under the context root, such as {@code /labelgate/api}. */
    Optional<String> urlPath(String key) {
        return parsed(key, value -> {
            if (!value.matches("(/[A-Za-z0-9._-]+)+")) {
                throw new IllegalArgumentException("must be a path such as /labelgate/api");
            }
            return value;
        });
    }

    /**
     * Checks a value already read against a rule of the type it is for, whose
     * {@link IllegalArgumentException} becomes a fault naming the key: the rule stays with that type,
     * and its fault with the key that set the value.
     */
    <T> T checked(String key, T value, UnaryOperator<T> rule) {
        try {
            return rule.apply(value);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(key, e.getMessage(), e);
        }
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
