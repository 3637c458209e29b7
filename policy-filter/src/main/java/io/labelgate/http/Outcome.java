package io.labelgate.http;

import java.util.Objects;
import java.util.Optional;

/** What the pipeline concluded for one request: proceed as a principal, or refuse. */
public sealed interface Outcome {

    /** The id of the policy decision behind this outcome (also in the decision log and a response header). */
    Optional<String> decision();

    /**
     * The request may proceed on behalf of this principal.
     *
     * @param decisionId the decision's id
     */
    record Allowed(TokenPrincipal principal, String decisionId) implements Outcome {
        public Allowed {
            Objects.requireNonNull(principal, "principal");
        }

        /** Allowed, without a decision id (tests). */
        public Allowed(TokenPrincipal principal) {
            this(principal, null);
        }

        @Override
        public Optional<String> decision() {
            return Optional.ofNullable(decisionId);
        }
    }

    /**
     * The request is refused with this error.
     *
     * @param decisionId the decision's id when the policy denied; {@code null} when refused before a decision
     */
    record Refused(AuthError error, String decisionId) implements Outcome {
        public Refused {
            Objects.requireNonNull(error, "error");
        }

        /** Refused before any decision was made. */
        public Refused(AuthError error) {
            this(error, null);
        }

        @Override
        public Optional<String> decision() {
            return Optional.ofNullable(decisionId);
        }
    }
}
