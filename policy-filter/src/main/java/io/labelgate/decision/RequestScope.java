package io.labelgate.decision;

import java.util.Collection;
import java.util.Set;

/**
 * Which fields of the decision input's {@code request} part a policy may read, and so which a
 * remembered decision must be keyed on (see {@link DecisionCache}). The token and app parts are
 * always keyed on in full, and so is the action.
 *
 * <p>A policy that reads {@code request.path} but is cached on the action alone would answer one
 * path with the decision made for another, for as long as the cache keeps it. A policy keyed on a
 * field it never reads only misses the cache: a REST API with ids in its paths would miss on
 * nearly every request.
 */
public enum RequestScope {

    /**
     * {@code request.action} only: the policy decides alike for every method and path of one
     * action. True of labelgate's bundled policy, which checks that method and path are strings
     * and never compares them.
     */
    ACTION(false, false),

    /** {@code request.method} and {@code request.action}. */
    METHOD_AND_ACTION(true, false),

    /** {@code request.path} and {@code request.action}. */
    PATH_AND_ACTION(false, true),

    /**
     * {@code request.method}, {@code request.path} and {@code request.action}: what any policy
     * labelgate did not analyse may read, such as one a deployer loads into an OPA server.
     */
    METHOD_PATH_AND_ACTION(true, true);

    /** The names of the request's fields, as the input document spells them. */
    public static final Set<String> FIELDS = Set.of("action", "method", "path");

    private final boolean method;
    private final boolean path;

    RequestScope(boolean method, boolean path) {
        this.method = method;
        this.path = path;
    }

    /** Whether the method is part of the key. */
    public boolean method() {
        return method;
    }

    /** Whether the path is part of the key. */
    public boolean path() {
        return path;
    }

    /**
     * The scope of a policy that reads these fields of {@code input.request}, as a bundle's
     * manifest names them ({@code ["action", "path"]}).
     *
     * @throws IllegalArgumentException naming a field the input document does not have
     */
    public static RequestScope reading(Collection<String> fields) {
        for (String field : fields) {
            if (!FIELDS.contains(field)) {
                throw new IllegalArgumentException("\"" + field + "\" is not a field of input.request; it has "
                        + String.join(", ", FIELDS.stream().sorted().toList()));
            }
        }
        boolean method = fields.contains("method");
        boolean path = fields.contains("path");
        for (RequestScope scope : values()) {
            if (scope.method == method && scope.path == path) {
                return scope;
            }
        }
        throw new AssertionError("every combination has a scope");
    }
}
