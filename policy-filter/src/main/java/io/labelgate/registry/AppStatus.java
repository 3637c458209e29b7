package io.labelgate.registry;

import java.util.Arrays;
import java.util.Optional;

/** Where a protected app is in its lifecycle (docs/contract.md, "Concepts"). */
public enum AppStatus {
    /** Serves requests. */
    RUNNING("running"),
    /** Answers 503 to ordinary requests; lifecycle calls still work. */
    STOPPED("stopped"),
    /** Answers 410 to every request until it is deployed again. */
    DELETED("deleted");

    private final String wireName;

    AppStatus(String wireName) {
        this.wireName = wireName;
    }

    /** The name in the registry, the lifecycle API's JSON and the log. */
    public String wireName() {
        return wireName;
    }

    /** The status with this wire name, exactly ({@code running}, {@code stopped}, {@code deleted}). */
    public static Optional<AppStatus> fromWireName(String name) {
        return Arrays.stream(values())
                .filter(status -> status.wireName.equals(name))
                .findFirst();
    }

    @Override
    public String toString() {
        return wireName;
    }
}
