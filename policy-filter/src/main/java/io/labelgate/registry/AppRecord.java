package io.labelgate.registry;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A protected app as registered by itself at start.
 *
 * @param id           app id
 * @param name         app name (its context root by default)
 * @param region       region
 * @param labels       every label, reserved ones included
 * @param baseUrl      where it is served, if known
 * @param status       where it is in its lifecycle
 * @param registeredAt first registration
 * @param updatedAt    last change
 */
public record AppRecord(
        UUID id,
        String name,
        String region,
        Map<String, String> labels,
        String baseUrl,
        AppStatus status,
        Instant registeredAt,
        Instant updatedAt) {

    public AppRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(region, "region");
        labels = Map.copyOf(labels);
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(registeredAt, "registeredAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }
}
