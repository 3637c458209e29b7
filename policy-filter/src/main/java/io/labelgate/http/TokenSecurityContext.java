package io.labelgate.http;

import jakarta.ws.rs.core.SecurityContext;

import java.security.Principal;
import java.util.Objects;

/** The JAX-RS view of an allowed request: the token's principal and roles. */
final class TokenSecurityContext implements SecurityContext {

    private final TokenPrincipal principal;
    private final boolean secure;

    TokenSecurityContext(TokenPrincipal principal, boolean secure) {
        this.principal = Objects.requireNonNull(principal, "principal");
        this.secure = secure;
    }

    @Override
    public Principal getUserPrincipal() {
        return principal;
    }

    @Override
    public boolean isUserInRole(String role) {
        return principal.isInRole(role);
    }

    @Override
    public boolean isSecure() {
        return secure;
    }

    @Override
    public String getAuthenticationScheme() {
        return AuthenticatedRequest.AUTH_TYPE;
    }
}
