package io.labelgate.console;

import jakarta.servlet.ServletContext;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Whether labelgate can decide now: the decision engine (the remote one is down while its breaker
 * is open) and the registry (down while its breaker is open). Read by the readiness servlet and,
 * where the container has MicroProfile Health, by labelgate's readiness check.
 *
 * @param app               the app's name, to tell apps apart on a server's health endpoint
 * @param engine            the engine's name
 * @param engineReady       whether the engine can decide
 * @param registryReachable whether the registry answered its last call
 * @param policy            what the engine's policy is and how it fares, as short non-secret
 *                          facts (where it comes from, a refused bundle, the shadow's counts);
 *                          never a location or a credential: the health endpoint is public
 */
public record Readiness(
        String app,
        String engine,
        BooleanSupplier engineReady,
        BooleanSupplier registryReachable,
        Supplier<Map<String, String>> policy) {

    /** The servlet context attribute that holds an app's readiness. */
    public static final String ATTRIBUTE = Readiness.class.getName();

    public Readiness {
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(engineReady, "engineReady");
        Objects.requireNonNull(registryReachable, "registryReachable");
        Objects.requireNonNull(policy, "policy");
    }

    /** Readiness without facts about the policy. */
    public Readiness(String app, String engine, BooleanSupplier engineReady, BooleanSupplier registryReachable) {
        this(app, engine, engineReady, registryReachable, Map::of);
    }

    /** The readiness labelgate recorded when it started in this application. */
    public static Optional<Readiness> of(ServletContext context) {
        return context.getAttribute(ATTRIBUTE) instanceof Readiness readiness
                ? Optional.of(readiness)
                : Optional.empty();
    }

    /** One reading: each part's state, and the whole. */
    public Reading read() {
        return new Reading(engineReady.getAsBoolean(), registryReachable.getAsBoolean());
    }

    /** The state of each part at one moment. */
    public record Reading(boolean engineUp, boolean registryUp) {

        /** The names of the parts, as checks and as data. */
        public static final String ENGINE = "labelgate-decision-engine";

        public static final String REGISTRY = "labelgate-registry";

        public boolean up() {
            return engineUp && registryUp;
        }

        /** "UP" or "DOWN", as MicroProfile Health writes a state. */
        public static String state(boolean up) {
            return up ? "UP" : "DOWN";
        }

        /** The parts' states by name. */
        public Map<String, String> parts() {
            Map<String, String> parts = new LinkedHashMap<>();
            parts.put(ENGINE, state(engineUp));
            parts.put(REGISTRY, state(registryUp));
            return parts;
        }
    }
}
