package io.labelgate.app;

import io.labelgate.decision.DecisionInput.AppInput;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Who this protected app is to the policy: a stable id, a region and labels.
 *
 * <p>Labels under the reserved prefix belong to the platform: every app carries
 * {@code <prefix>id=<app id>} and {@code <prefix>type=app}, and any reserved label a deployer
 * configured is dropped (with a warning), never trusted. A token scoped by
 * {@code <prefix>id=<uuid>} therefore reaches exactly one app.
 *
 * @param id     the app id, stable across restarts
 * @param region the app's region
 * @param labels every label, reserved ones included
 */
public record AppIdentity(UUID id, String region, Map<String, String> labels) {

    /** Reserved label naming the app's id. */
    public static final String ID_LABEL = "id";
    /** Reserved label naming the resource type. */
    public static final String TYPE_LABEL = "type";
    /** The type of every protected app. */
    public static final String TYPE_APP = "app";

    public AppIdentity {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(region, "region");
        labels = Map.copyOf(labels);
    }

    /** This app as the policy sees it: the decision input's {@code app} (built once: it does not change). */
    public AppInput asInput() {
        return new AppInput(id.toString(), region, labels);
    }

    /**
     * The identity with the platform's reserved labels applied.
     *
     * @param configuredLabels labels the deployer set
     * @param reservedPrefix   the reserved prefix, e.g. {@code labelgate/}
     * @param warn             receives one message per reserved label the deployer tried to set
     */
    public static AppIdentity withReservedLabels(
            UUID id,
            String region,
            Map<String, String> configuredLabels,
            String reservedPrefix,
            Consumer<String> warn) {
        Map<String, String> labels = new TreeMap<>();
        configuredLabels.forEach((key, value) -> {
            if (key.startsWith(reservedPrefix)) {
                warn.accept("label " + key + " is reserved for the platform: the configured value \"" + value
                        + "\" is ignored");
            } else {
                labels.put(key, value);
            }
        });
        labels.put(reservedPrefix + ID_LABEL, id.toString());
        labels.put(reservedPrefix + TYPE_LABEL, TYPE_APP);
        return new AppIdentity(id, region, labels);
    }
}
