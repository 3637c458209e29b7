package io.labelgate.http;

import io.labelgate.decision.Action;

import java.util.List;

/**
 * What the {@link ProtectionPipeline} tells of every request it protects: how long the token took
 * to verify, whether the decision cache knew the answer, how long deciding took, and the outcome.
 * Called on the request thread, so an observer must be cheap and must not throw; metrics implement
 * it, and tracing (the {@code metrics} and {@code cdi} packages sit above this one, which only
 * names the seam).
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

    /**
     * A decision was reached, from the cache or the engine (not one that failed), just now: what
     * the decision log records of it. Tracing makes it a span.
     *
     * @param decisionId the decision's id, as the decision log and the decision answer carry it
     * @param tokenId    the token's id (never its string)
     * @param action     the action decided
     * @param allowed    the policy's answer
     * @param cached     whether the decision cache knew it
     * @param nanos      how long deciding took, ending now
     */
    default void decision(
            String decisionId, String tokenId, Action action, boolean allowed, boolean cached, long nanos) {}

    /** Every one of {@code observers}, in order. */
    static PipelineObserver all(List<PipelineObserver> observers) {
        List<PipelineObserver> each = List.copyOf(observers);
        if (each.isEmpty()) {
            return NONE;
        }
        if (each.size() == 1) {
            return each.get(0);
        }
        return new PipelineObserver() {
            @Override
            public void verified(long nanos) {
                each.forEach(observer -> observer.verified(nanos));
            }

            @Override
            public void cacheLookup(boolean hit) {
                each.forEach(observer -> observer.cacheLookup(hit));
            }

            @Override
            public void decided(long nanos) {
                each.forEach(observer -> observer.decided(nanos));
            }

            @Override
            public void concluded(Outcome outcome) {
                each.forEach(observer -> observer.concluded(outcome));
            }

            @Override
            public void decision(
                    String decisionId, String tokenId, Action action, boolean allowed, boolean cached, long nanos) {
                each.forEach(observer -> observer.decision(decisionId, tokenId, action, allowed, cached, nanos));
            }
        };
    }
}
