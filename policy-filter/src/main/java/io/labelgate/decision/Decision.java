package io.labelgate.decision;

import java.util.List;
import java.util.Objects;

/**
 * The policy's answer.
 *
 * @param allow   whether the request may proceed
 * @param reasons human reasons for every failed condition; empty when allowed
 */
public record Decision(boolean allow, List<String> reasons) {

    public Decision {
        reasons = List.copyOf(Objects.requireNonNull(reasons, "reasons"));
    }
}
