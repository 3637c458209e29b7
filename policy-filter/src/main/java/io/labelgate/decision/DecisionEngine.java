package io.labelgate.decision;

import java.util.Optional;

/**
 * Evaluates the {@code labelgate.authz} policy for one input.
 *
 * <p>Implementations never turn a fault into an answer: when they cannot evaluate, or the policy's
 * answer is not exactly {@code {"allow": <boolean>, "reasons": [<string>...]}}, they throw
 * {@link DecisionException}, and labelgate refuses the request with 503.
 */
@FunctionalInterface
public interface DecisionEngine {

    /** The policy's decision for this input. */
    Decision decide(DecisionInput input) throws DecisionException;

    /** What an engine says of a policy it does not know: see {@link #policyView()}. */
    PolicyView UNKNOWN_POLICY =
            new PolicyView(0, RequestScope.METHOD_PATH_AND_ACTION, PolicyView.Caching.FOR_REVOCATION_BOUND);

    /**
     * The policy this engine runs now, as a {@link DecisionCache} must see it: its revision (new
     * with every policy an engine loads while it runs), which fields of {@code input.request} it
     * reads, and how long its decisions may be remembered. By default {@link #UNKNOWN_POLICY}: a
     * policy labelgate did not analyse (one a deployer loads into an OPA server) may read the
     * request's method and path, and may change without labelgate seeing it, so its decisions are
     * remembered for the revocation bound only.
     */
    default PolicyView policyView() {
        return UNKNOWN_POLICY;
    }

    /**
     * Whether the engine can decide now, for readiness checks: an engine that depends on
     * something outside the JVM (an OPA server) says {@code false} while it knows that to be down.
     */
    default boolean ready() {
        return true;
    }

    /**
     * The state of the engine's circuit breaker now, for metrics; empty for an engine without one
     * (the embedded engine decides in-process).
     */
    default Optional<BreakerState> breakerState() {
        return Optional.empty();
    }
}
