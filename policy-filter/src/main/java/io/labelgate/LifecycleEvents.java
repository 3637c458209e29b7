package io.labelgate;

import io.labelgate.app.AppStatusChanged;
import io.labelgate.registry.TokensExpiringSoon;
import jakarta.enterprise.inject.spi.CDI;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Fires {@link AppStatusChanged} and {@link TokensExpiringSoon} as CDI events to the application's
 * observers, when CDI is there.
 */
final class LifecycleEvents {

    private static final Logger LOG = Logger.getLogger(LifecycleEvents.class.getName());

    private LifecycleEvents() {}

    static void fire(AppStatusChanged change) {
        fire(AppStatusChanged.class, change);
    }

    static void fire(TokensExpiringSoon soon) {
        fire(TokensExpiringSoon.class, soon);
    }

    private static <T> void fire(Class<T> type, T event) {
        try {
            CDI.current().getBeanManager().getEvent().select(type).fire(event);
        } catch (IllegalStateException noCdi) {
            LOG.log(Level.FINE, "labelgate: no CDI container to tell of " + type.getSimpleName(), noCdi);
        }
    }
}
