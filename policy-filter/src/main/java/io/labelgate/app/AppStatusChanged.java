package io.labelgate.app;

import io.labelgate.registry.AppStatus;

import java.util.Objects;
import java.util.UUID;

/**
 * A CDI event fired when this app's lifecycle status changes (observed on every node, within the
 * revocation bound): observe it to release resources on {@link AppStatus#STOPPED} and take them
 * back on {@link AppStatus#RUNNING}, e.g. {@code void onChange(@Observes AppStatusChanged change)}.
 *
 * @param appId    the app
 * @param previous the status before
 * @param current  the status now
 */
public record AppStatusChanged(UUID appId, AppStatus previous, AppStatus current) {

    public AppStatusChanged {
        Objects.requireNonNull(appId, "appId");
        Objects.requireNonNull(previous, "previous");
        Objects.requireNonNull(current, "current");
    }
}
