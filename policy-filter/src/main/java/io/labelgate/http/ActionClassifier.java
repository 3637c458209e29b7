package io.labelgate.http;

import io.labelgate.decision.Action;

/** Says whether a request reads the app or manages it; the policy decides who may do which. */
@FunctionalInterface
public interface ActionClassifier {

    /** The action of this request. */
    Action classify(RequestView request);

    /** Every request is a read. */
    static ActionClassifier allReads() {
        return request -> Action.READ;
    }
}
