package io.labelgate.http;

import io.labelgate.token.TokenClaims;

import java.security.Principal;
import java.util.Objects;

/**
 * The caller of an allowed request: named by the token id (never the token string), carrying
 * the verified claims for the application's own use.
 */
public record TokenPrincipal(TokenClaims claims) implements Principal {

    public TokenPrincipal {
        Objects.requireNonNull(claims, "claims");
    }

    /** The token id. */
    @Override
    public String getName() {
        return claims.id();
    }

    /** Whether the token's role puts its holder in this container role ({@code read}, {@code operator}). */
    public boolean isInRole(String role) {
        return role != null && claims.role().containerRoles().contains(role);
    }

    @Override
    public String toString() {
        return "TokenPrincipal[id=" + claims.id() + ", role=" + claims.role().wireName() + "]";
    }
}
