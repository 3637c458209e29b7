package io.labelgate.http;

/**
 * What the {@link ProtectionPipeline} tells of every request it protects: how long the token took
 * to verify, whether the decision cache knew the answer, how long deciding took, and the outcome.
 * Called on the request thread, so an observer must be cheap and must not throw; metrics implement
 * it (the {@code metrics} package sits above this one, which only names the seam).
 */
public interface PipelineObserver {

    /** Observes nothing. */
    PipelineObserver NONE = new PipelineObserver() {};

    /** A presented token was verified, or refused, in this many nanoseconds. */
    default void verified(long nanos) {}

    /** The decision cache was asked and knew the answer ({@code hit}) or did not. */
    default void cacheLookup(boolean hit) {}

    /** A decision was reached, from the cache or the engine, or failed, in this many nanoseconds. */
    default void decided(long nanos) {}

    /** The request's outcome: allowed, or refused with its status. */
    default void concluded(Outcome outcome) {}
}
