package io.labelgate.registry;

import io.labelgate.selector.Selector;
import io.labelgate.token.Role;
import io.labelgate.token.TokenClaims;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What the registry keeps of a token: its metadata, never its string.
 *
 * @param id         token id (also the {@code jti} of its strings)
 * @param name       human name, e.g. {@code ci-reader}
 * @param selector   label selector; empty only with {@code allApps}
 * @param allApps    explicit all-apps scope
 * @param role       read or operator
 * @param region     region
 * @param generation current generation; strings of older generations are revoked
 * @param createdAt  creation time
 * @param expiresAt  expiry, or {@code null}
 * @param lastUsedAt last use, at coarse precision, or {@code null}
 */
public record TokenRecord(
        String id,
        String name,
        Selector selector,
        boolean allApps,
        Role role,
        String region,
        long generation,
        Instant createdAt,
        Instant expiresAt,
        Instant lastUsedAt) {

    public TokenRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(selector, "selector");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** The claims of a string of the current generation issued at {@code issuedAt}. */
    public TokenClaims claims(Instant issuedAt) {
        return new TokenClaims(id, generation, role, region, selector, allApps, issuedAt, expiresAt);
    }

    /** The expiry, if any. */
    public Optional<Instant> expiry() {
        return Optional.ofNullable(expiresAt);
    }

    /** This record with another generation. */
    public TokenRecord withGeneration(long newGeneration) {
        return new TokenRecord(
                id, name, selector, allApps, role, region, newGeneration, createdAt, expiresAt, lastUsedAt);
    }
}
