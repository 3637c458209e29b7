package io.labelgate.http;

import java.util.Objects;

/** What the pipeline concluded for one request: proceed as a principal, or refuse. */
public sealed interface Outcome {

    /** The request may proceed on behalf of this principal. */
    record Allowed(TokenPrincipal principal) implements Outcome {
        public Allowed {
            Objects.requireNonNull(principal, "principal");
        }
    }

    /** The request is refused with this error. */
    record Refused(AuthError error) implements Outcome {
        public Refused {
            Objects.requireNonNull(error, "error");
        }
    }
}
