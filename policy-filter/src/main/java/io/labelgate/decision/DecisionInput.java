package io.labelgate.decision;

import io.labelgate.selector.Requirement;
import io.labelgate.token.TokenClaims;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The document every engine evaluates as {@code input} (docs/contract.md, "Decisions: the input document"):
 *
 * <pre>{@code
 * {
 *   "token":   {"id": "...", "role": "read", "region": "GRA", "allApps": false,
 *               "selectors": [{"key": "group", "operator": "In", "values": ["A"]}]},
 *   "app":     {"id": "...", "region": "GRA",
 *               "labels": {"group": "A", "labelgate/id": "...", "labelgate/type": "app"}},
 *   "request": {"method": "GET", "path": "/hello", "action": "read"}
 * }
 * }</pre>
 *
 * <p>Derived fields (selector requirements in Kubernetes' structured form, the app's reserved
 * labels, the request's action) are computed here, before evaluation, so the policy only
 * compares. Nothing secret is in it: no token string, no header, no cookie.
 *
 * @param token   what the verified token says
 * @param app     the app being asked
 * @param request what the request wants
 */
public record DecisionInput(TokenInput token, AppInput app, RequestInput request) {

    public DecisionInput {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(request, "request");
    }

    /** The input for a verified token asking an app, whose part of the input was built once. */
    public static DecisionInput of(TokenClaims claims, AppInput app, RequestInput request) {
        return new DecisionInput(TokenInput.of(claims), app, request);
    }

    /**
     * The token part.
     *
     * @param id        token id
     * @param role      {@code read} or {@code operator}
     * @param region    token region
     * @param allApps   the explicit all-apps scope
     * @param selectors the token's selector requirements; all must hold
     */
    public record TokenInput(String id, String role, String region, boolean allApps, List<SelectorInput> selectors) {
        public TokenInput {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(role, "role");
            Objects.requireNonNull(region, "region");
            selectors = List.copyOf(selectors);
        }

        /** The token part for verified claims. */
        public static TokenInput of(TokenClaims claims) {
            return new TokenInput(
                    claims.id(),
                    claims.role().wireName(),
                    claims.region(),
                    claims.allApps(),
                    claims.selector().requirements().stream()
                            .map(SelectorInput::of)
                            .toList());
        }
    }

    /**
     * One selector requirement, shaped like Kubernetes' {@code LabelSelectorRequirement}.
     *
     * @param key      label key
     * @param operator {@code In}, {@code NotIn}, {@code Exists} or {@code DoesNotExist}
     * @param values   values for {@code In}/{@code NotIn}, empty otherwise
     */
    public record SelectorInput(String key, String operator, List<String> values) {
        public SelectorInput {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(operator, "operator");
            values = List.copyOf(values);
        }

        static SelectorInput of(Requirement requirement) {
            return new SelectorInput(requirement.key(), requirement.operator().wireName(), requirement.values());
        }
    }

    /**
     * The app part.
     *
     * @param id     app id
     * @param region app region
     * @param labels every label, reserved ones included, sorted by key
     */
    public record AppInput(String id, String region, Map<String, String> labels) {
        public AppInput {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(region, "region");
            labels = Map.copyOf(labels);
        }
    }

    /**
     * The request part.
     *
     * @param method HTTP method
     * @param path   path inside the app
     * @param action {@code read} or {@code manage}
     */
    public record RequestInput(String method, String path, String action) {
        public RequestInput {
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(action, "action");
        }

        /** The request part for a method, path and action. */
        public static RequestInput of(String method, String path, Action action) {
            return new RequestInput(method, path, action.wireName());
        }
    }
}
