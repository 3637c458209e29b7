package io.labelgate.token;

import io.labelgate.selector.Selector;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a verified labelgate token says: the facts the policy decides on.
 *
 * <p>Holds no token string, so it is safe to log and to cache. A token either carries label
 * selectors, or carries the explicit all-apps scope and no selectors; never both.
 *
 * @param id         the token id (stable across regenerations)
 * @param generation incremented by every regeneration; an older generation is revoked
 * @param role       read or operator
 * @param region     the region whose apps the token works on, e.g. {@code GRA}
 * @param selector   the label selector apps must satisfy; empty only with {@code allApps}
 * @param allApps    the explicit all-apps scope
 * @param issuedAt   when the token string was minted
 * @param expiresAt  when it stops working, or {@code null} for no expiry
 */
public record TokenClaims(
        String id,
        long generation,
        Role role,
        String region,
        Selector selector,
        boolean allApps,
        Instant issuedAt,
        Instant expiresAt) {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Pattern REGION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,31}");

    public TokenClaims {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(selector, "selector");
        Objects.requireNonNull(issuedAt, "issuedAt");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("token id must be 1-128 characters of [A-Za-z0-9._-]");
        }
        if (generation < 1) {
            throw new IllegalArgumentException("token generation must be at least 1");
        }
        requireRegion(region);
        if (allApps && !selector.isEmpty()) {
            throw new IllegalArgumentException("a token with the all-apps scope carries no selectors");
        }
        if (expiresAt != null && !expiresAt.isAfter(issuedAt)) {
            throw new IllegalArgumentException("token expiry must be after its issue time");
        }
    }

    /** Checks a region name: 1-32 characters of letters, digits and '-', starting with a letter or digit. */
    public static String requireRegion(String region) {
        if (!REGION.matcher(region).matches()) {
            throw new IllegalArgumentException(
                    "region must be 1-32 letters, digits or '-', starting with a letter or digit");
        }
        return region;
    }

    /** The expiry, if the token has one. */
    public Optional<Instant> expiry() {
        return Optional.ofNullable(expiresAt);
    }
}
