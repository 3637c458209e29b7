package io.labelgate.http;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

import java.security.Principal;
import java.util.Objects;

/**
 * The request an allowed call continues with: the container's security API reports the token's
 * principal and roles ({@code read}; {@code operator} and {@code read} for operators).
 */
public final class AuthenticatedRequest extends HttpServletRequestWrapper {

    /** The authentication scheme reported by {@link #getAuthType()} (RFC 6750). */
    public static final String AUTH_TYPE = "Bearer";

    private final TokenPrincipal principal;

    public AuthenticatedRequest(HttpServletRequest request, TokenPrincipal principal) {
        super(request);
        this.principal = Objects.requireNonNull(principal, "principal");
    }

    @Override
    public Principal getUserPrincipal() {
        return principal;
    }

    @Override
    public String getRemoteUser() {
        return principal.getName();
    }

    @Override
    public boolean isUserInRole(String role) {
        return principal.isInRole(role);
    }

    @Override
    public String getAuthType() {
        return AUTH_TYPE;
    }
}
