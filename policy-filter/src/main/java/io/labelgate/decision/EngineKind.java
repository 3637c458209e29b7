package io.labelgate.decision;

import java.util.Arrays;
import java.util.Optional;

/** Which engine decides: the values of {@code labelgate.engine}. */
public enum EngineKind {
    /** The policy compiled to WebAssembly, evaluated in-process. */
    EMBEDDED("embedded"),
    /** An OPA server, asked over HTTP. */
    REMOTE("remote");

    private final String wireName;

    EngineKind(String wireName) {
        this.wireName = wireName;
    }

    /** The name in configuration, the decision log and the readiness check. */
    public String wireName() {
        return wireName;
    }

    /** The kind with this wire name, exactly ({@code embedded}, {@code remote}). */
    public static Optional<EngineKind> fromWireName(String name) {
        return Arrays.stream(values())
                .filter(kind -> kind.wireName.equals(name))
                .findFirst();
    }

    @Override
    public String toString() {
        return wireName;
    }
}
