package io.labelgate.config;

import java.util.Map;
import java.util.Optional;

/**
 * Where configuration values come from: one key in, its raw text out (empty when unset).
 *
 * <p>In a container, {@link ServletConfigLookup} reads MicroProfile Config (so system
 * properties and environment variables such as {@code LABELGATE_APP_REGION} work) and falls back
 * to {@code web.xml} context parameters. Tests pass a map.
 */
@FunctionalInterface
public interface ConfigLookup {

    /** The raw value of a key, if set. */
    Optional<String> get(String key);

    /** A lookup over a fixed map (tests, tools). */
    static ConfigLookup of(Map<String, String> values) {
        Map<String, String> copy = Map.copyOf(values);
        return key -> Optional.ofNullable(copy.get(key));
    }

    /** This lookup, and {@code fallback} for keys it does not have. */
    default ConfigLookup orElse(ConfigLookup fallback) {
        return key -> {
            Optional<String> value = get(key);
            return value.isPresent() ? value : fallback.get(key);
        };
    }
}
