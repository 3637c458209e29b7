package io.labelgate.decision;

import java.util.Objects;

/**
 * What a {@link DecisionCache} must know of the policy an engine runs now, read in one step so the
 * three agree: which policy (its revision, new at every reload), what of the request it reads, and
 * how long its decisions may be remembered.
 *
 * @param revision labelgate's count of the policies this engine has run; a decision made under one
 *                 revision is never answered under another
 * @param scope    what of the request the policy reads
 * @param caching  how long its decisions may be remembered
 */
public record PolicyView(long revision, RequestScope scope, Caching caching) {

    public PolicyView {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(caching, "caching");
    }

    /** How long a decision of one policy may be remembered. */
    public enum Caching {
        /**
         * Until evicted: the policy cannot change without labelgate seeing it, and every input it
         * reads is in the key (labelgate's bundled policy, a bundle labelgate analysed).
         */
        UNTIL_EVICTED,
        /**
         * For the revocation bound: the policy may change unseen (an OPA server others load), or
         * labelgate could not tell what it reads beyond the input (a bundle that says nothing).
         */
        FOR_REVOCATION_BOUND,
        /** Never: the policy's answer may change with no change of input (it reads the clock). */
        NEVER
    }
}
