package io.labelgate.http;

import jakarta.annotation.Priority;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.ext.Provider;

import java.lang.reflect.Method;
import java.util.List;

/**
 * Enforces {@code @RolesAllowed}, {@code @DenyAll} and {@code @PermitAll} on JAX-RS resources the
 * same way on every container (Jersey needs {@code RolesAllowedDynamicFeature}, RESTEasy
 * {@code resteasy.role.based.security}; this needs neither). Method annotations win over class
 * annotations (Jakarta Annotations 2.1, §3.8). A caller without the role gets 403
 * {@code insufficient_scope}.
 *
 * <p>Not final: containers may proxy providers they manage as CDI beans.
 */
@Provider
public class RolesAllowedFeature implements DynamicFeature {

    @Override
    public void configure(ResourceInfo resource, FeatureContext context) {
        Method method = resource.getResourceMethod();
        Class<?> type = resource.getResourceClass();
        if (method == null || type == null) {
            return;
        }
        if (method.isAnnotationPresent(DenyAll.class)) {
            context.register(new RoleCheck(List.of()));
        } else if (method.isAnnotationPresent(RolesAllowed.class)) {
            context.register(new RoleCheck(
                    List.of(method.getAnnotation(RolesAllowed.class).value())));
        } else if (method.isAnnotationPresent(PermitAll.class)) {
            return;
        } else if (type.isAnnotationPresent(DenyAll.class)) {
            context.register(new RoleCheck(List.of()));
        } else if (type.isAnnotationPresent(RolesAllowed.class)) {
            context.register(
                    new RoleCheck(List.of(type.getAnnotation(RolesAllowed.class).value())));
        }
    }

    /**
     * Refuses callers in none of the roles; an empty list denies everyone. Runs just before
     * {@link Priorities#AUTHORIZATION}, so that where the container has its own role check
     * (Payara registers Jersey's, which answers with an HTML error page) labelgate's answer is
     * the one the caller gets.
     */
    @Priority(Priorities.AUTHORIZATION - 1)
    static final class RoleCheck implements ContainerRequestFilter {
        private final List<String> roles;

        RoleCheck(List<String> roles) {
            this.roles = List.copyOf(roles);
        }

        @Override
        public void filter(ContainerRequestContext context) {
            SecurityContext security = context.getSecurityContext();
            if (security == null || security.getUserPrincipal() == null) {
                context.abortWith(RefusalWriter.toResponse(Refusal.of(AuthError.missingToken(), realmOf(context))));
                return;
            }
            for (String role : roles) {
                if (security.isUserInRole(role)) {
                    return;
                }
            }
            String description = roles.isEmpty()
                    ? "this operation is not available to any token"
                    : "this operation needs role " + String.join(" or ", roles);
            context.abortWith(
                    RefusalWriter.toResponse(Refusal.of(AuthError.roleRequired(description), realmOf(context))));
        }

        private static String realmOf(ContainerRequestContext context) {
            return context.getProperty(Protection.REALM_PROPERTY) instanceof String realm
                    ? realm
                    : Refusal.FALLBACK_REALM;
        }
    }
}
