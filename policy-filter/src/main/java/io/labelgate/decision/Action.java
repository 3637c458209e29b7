package io.labelgate.decision;

import java.util.Arrays;
import java.util.Optional;

/** What a request wants to do to the app (docs/contract.md, "Concepts"). */
public enum Action {
    /** Ordinary requests: query the app. */
    READ("read"),
    /** Lifecycle requests: start, stop, delete the app. */
    MANAGE("manage");

    private final String wireName;

    Action(String wireName) {
        this.wireName = wireName;
    }

    /** The name in the decision input. */
    public String wireName() {
        return wireName;
    }

    /** The action with this wire name, exactly ({@code read}, {@code manage}). */
    public static Optional<Action> fromWireName(String name) {
        return Arrays.stream(values())
                .filter(action -> action.wireName.equals(name))
                .findFirst();
    }
}
