package io.labelgate.decision;

/**
 * Which fields of the decision input's {@code request} part a policy may read, and so which a
 * remembered decision must be keyed on (see {@link DecisionCache}). The token and app parts are
 * always keyed on in full.
 *
 * <p>A policy that reads {@code request.path} but is cached on the action alone would answer one
 * path with the decision made for another, for as long as the cache keeps it.
 */
public enum RequestScope {

    /**
     * {@code request.action} only: the policy decides alike for every method and path of one
     * action. True of labelgate's bundled policy, which checks that method and path are strings
     * and never compares them.
     */
    ACTION,

    /**
     * {@code request.method}, {@code request.path} and {@code request.action}: what any policy
     * labelgate did not write may read, such as one a deployer loads into an OPA server.
     */
    METHOD_PATH_AND_ACTION
}
