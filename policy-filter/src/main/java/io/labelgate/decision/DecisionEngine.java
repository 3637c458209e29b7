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
}
