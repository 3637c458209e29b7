package io.labelgate.http;

import jakarta.annotation.Priority;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;

import java.lang.reflect.Method;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The JAX-RS adapter, discovered as a {@link Provider} in the application's libraries. It reuses
 * the outcome the servlet filter already decided (or decides, when the servlet filter did not
 * run), sets the JAX-RS {@code SecurityContext} to the token's principal, and aborts refused
 * requests with the same response the servlet filter writes.
 *
 * <p>Not final: containers may proxy providers they manage as CDI beans.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class LabelgateContainerFilter implements ContainerRequestFilter {

    private static final Logger LOG = Logger.getLogger(LabelgateContainerFilter.class.getName());

    @Context
    private HttpServletRequest servletRequest;

    @Context
    private ResourceInfo resourceInfo;

    private boolean isManagement() {
        if (resourceInfo == null) {
            return false;
        }
        Method method = resourceInfo.getResourceMethod();
        Class<?> type = resourceInfo.getResourceClass();
        return (method != null && method.isAnnotationPresent(Manage.class))
                || (type != null && type.isAnnotationPresent(Manage.class));
    }

    @Override
    public void filter(ContainerRequestContext context) {
        Optional<Protection> protection =
                servletRequest == null ? Optional.empty() : Protection.of(servletRequest.getServletContext());
        if (protection.isEmpty()) {
            LOG.warning("labelgate: no protection installed in this application; refusing the request");
            context.abortWith(
                    RefusalWriter.toResponse(Refusal.of(AuthError.decisionUnavailable(), Refusal.FALLBACK_REALM)));
            return;
        }
        Outcome outcome = protection.get().outcomeFor(servletRequest);
        if (outcome instanceof Outcome.Allowed && isManagement()) {
            outcome = protection.get().manageOutcomeFor(servletRequest);
        }
        if (outcome instanceof Outcome.Allowed allowed) {
            context.setSecurityContext(new TokenSecurityContext(
                    allowed.principal(),
                    context.getSecurityContext() != null
                            && context.getSecurityContext().isSecure()));
        } else if (outcome instanceof Outcome.Refused refused) {
            context.abortWith(RefusalWriter.toResponse(protection.get().refusal(refused.error())));
        }
    }
}
