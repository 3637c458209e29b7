package io.labelgate;

import io.labelgate.app.AppStatusChanged;
import jakarta.enterprise.inject.spi.CDI;

import java.util.logging.Level;
import java.util.logging.Logger;

/** Fires {@link AppStatusChanged} as a CDI event to the application's observers, when CDI is there. */
final class LifecycleEvents {

    private static final Logger LOG = Logger.getLogger(LifecycleEvents.class.getName());

    private LifecycleEvents() {}

    static void fire(AppStatusChanged change) {
        try {
            CDI.current()
                    .getBeanManager()
                    .getEvent()
                    .select(AppStatusChanged.class)
                    .fire(change);
        } catch (IllegalStateException noCdi) {
            LOG.log(Level.FINE, "labelgate: no CDI container to tell of " + change, noCdi);
        }
    }
}
