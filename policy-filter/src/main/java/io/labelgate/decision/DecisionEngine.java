package io.labelgate.decision;

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

    /**
     * Which fields of {@code input.request} the policy this engine runs may read; a
     * {@link DecisionCache} keys on them. {@link RequestScope#METHOD_PATH_AND_ACTION} unless the
     * engine knows its policy: only an engine running labelgate's bundled policy may say
     * {@link RequestScope#ACTION}.
     */
    default RequestScope requestScope() {
        return RequestScope.METHOD_PATH_AND_ACTION;
    }

    /**
     * Whether the policy can change while labelgate runs without labelgate seeing it (an OPA
     * server that others load policies into): its decisions may then be remembered for the
     * revocation bound only. An engine whose policy is fixed while it runs says {@code false},
     * and its decisions are remembered until they are evicted.
     */
    default boolean policyMayChangeUnseen() {
        return true;
    }

    /**
     * The policy this engine runs now, as a {@link DecisionCache} must see it: by default revision
     * 0 for ever, with {@link #requestScope()}, remembered for the revocation bound when
     * {@link #policyMayChangeUnseen()} and until evicted otherwise. An engine whose policy is
     * replaced while it runs returns a new revision with every policy.
     */
    default PolicyView policyView() {
        return new PolicyView(0, requestScope(), policyMayChangeUnseen()
                ? PolicyView.Caching.FOR_REVOCATION_BOUND : PolicyView.Caching.UNTIL_EVICTED);
    }

    /**
     * Whether the engine can decide now, for readiness checks: an engine that depends on
     * something outside the JVM (an OPA server) says {@code false} while it knows that to be down.
     */
    default boolean ready() {
        return true;
    }
}
