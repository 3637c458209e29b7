package io.labelgate.app;

import java.util.Objects;
import java.util.UUID;

/**
 * A CDI event fired when this app's lifecycle status changes (observed on every node, within the
 * revocation bound): observe it to release resources on {@code stopped} and take them back on
 * {@code running}, e.g. {@code void onChange(@Observes AppStatusChanged change)}.
 *
 * @param appId    the app
 * @param previous the status before
 * @param current  the status now: {@code running}, {@code stopped} or {@code deleted}
 */
public record AppStatusChanged(UUID appId, String previous, String current) {

    public AppStatusChanged {
        Objects.requireNonNull(appId, "appId");
        Objects.requireNonNull(previous, "previous");
        Objects.requireNonNull(current, "current");
    }
}
