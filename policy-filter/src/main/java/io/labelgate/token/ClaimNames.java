package io.labelgate.token;

/**
 * The claims and header values of a labelgate token, beside the registered claims
 * {@code iss}, {@code aud}, {@code jti}, {@code iat}, {@code exp} (RFC 7519 §4.1).
 */
public final class ClaimNames {

    /** {@code typ} header (RFC 8725 §3.11 explicit typing): tells labelgate tokens from other JWTs. */
    public static final String TYPE = "labelgate+jwt";
    /** Generation: a positive integer, incremented by every regeneration. */
    public static final String GENERATION = "gen";
    /** Role: {@code read} or {@code operator}. */
    public static final String ROLE = "role";
    /** Region, e.g. {@code GRA}. */
    public static final String REGION = "region";
    /** Label selector in Kubernetes syntax, canonical form; empty only with the all-apps scope. */
    public static final String SELECTOR = "selector";
    /** {@code true} for the explicit all-apps scope; absent or {@code false} otherwise. */
    public static final String ALL_APPS = "all_apps";

    private ClaimNames() {}
}
