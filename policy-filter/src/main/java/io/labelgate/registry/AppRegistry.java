package io.labelgate.registry;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Where protected apps register themselves; throws {@link RegistryUnavailableException} on faults. */
public interface AppRegistry {

    /**
     * Registers the app, or updates its name, region, labels and URL; keeps its status (a stopped
     * app stays stopped across restarts) and first registration, except that a deleted app that is
     * deployed again runs again.
     */
    void register(AppRecord app);

    /** The app with this id. */
    Optional<AppRecord> findApp(UUID id);

    /** Every app, by name. */
    List<AppRecord> apps();

    /** Sets an app's status, audited as done by {@code by}; false when there is no such app. */
    boolean setStatus(UUID id, AppStatus status, Instant at, Actor by);

    /**
     * Whether the registry answered its last call, for readiness checks: a registry behind a
     * network says {@code false} while it knows itself unreachable.
     */
    default boolean reachable() {
        return true;
    }
}
