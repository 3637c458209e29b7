package io.labelgate.config;

import java.time.Duration;
import java.util.Objects;

/**
 * The audit trail ({@code labelgate.audit.*}).
 *
 * @param retention how long an audit entry is kept: older entries are pruned
 *                  ({@code labelgate.audit.retention}, default {@code P400D}: a year and a
 *                  month, for a yearly review; at least {@code P1D})
 */
public record AuditConfig(Duration retention) {

    /** The default retention: a year and a month. */
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(400);

    public AuditConfig {
        Objects.requireNonNull(retention, "retention");
    }

    /** Reads its keys. */
    static AuditConfig read(ConfigReader config) {
        Duration retention = config.duration("labelgate.audit.retention", DEFAULT_RETENTION);
        if (retention.compareTo(Duration.ofDays(1)) < 0) {
            throw new ConfigurationException("labelgate.audit.retention", "must be at least P1D, e.g. P400D");
        }
        return new AuditConfig(retention);
    }
}
