package io.labelgate.registry;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Where protected apps register themselves; throws {@link RegistryUnavailableException} on faults. */
public interface AppRegistry {

    /** Registers the app, or updates its name, region, labels and URL; keeps its status and first registration. */
    void register(AppRecord app);

    /** The app with this id. */
    Optional<AppRecord> findApp(UUID id);

    /** Every app, by name. */
    List<AppRecord> apps();
}
