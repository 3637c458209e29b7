package io.labelgate.decision;

/** The state of an engine's circuit breaker, for metrics: a closed set with wire names. */
public enum BreakerState {
    /** Calls go through. */
    CLOSED("closed"),
    /** Calls fail at once until the open interval has passed. */
    OPEN("open"),
    /** One probe is let through; its answer closes or opens the breaker again. */
    HALF_OPEN("half_open");

    private final String wireName;

    BreakerState(String wireName) {
        this.wireName = wireName;
    }

    /** The name in metric labels. */
    public String wireName() {
        return wireName;
    }

    @Override
    public String toString() {
        return wireName;
    }
}
