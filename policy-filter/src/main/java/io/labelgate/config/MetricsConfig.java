package io.labelgate.config;

import java.util.Objects;
import java.util.Optional;

/**
 * labelgate's metrics endpoint ({@code labelgate.metrics.*}).
 *
 * @param enabled whether decisions are counted and the metrics served ({@code labelgate.metrics.enabled},
 *                default {@code true})
 * @param path    where, in the Prometheus text format ({@code labelgate.metrics.path}, default
 *                {@code /labelgate/metrics})
 * @param secret  a credential that reads the metrics and nothing else ({@code labelgate.metrics.secret},
 *                env {@code LABELGATE_METRICS_SECRET}, at least 16 characters); the admin credential and
 *                container role {@code labelgate-admin} read them too
 */
public record MetricsConfig(boolean enabled, String path, Optional<Secret> secret) {

    public MetricsConfig {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(secret, "secret");
    }

    /** Reads its keys. */
    static MetricsConfig read(ConfigReader config) {
        return new MetricsConfig(
                config.bool("labelgate.metrics.enabled", true),
                config.urlPath("labelgate.metrics.path").orElse("/labelgate/metrics"),
                config.parsed("labelgate.metrics.secret", AdminConfig::requireSecret));
    }
}
