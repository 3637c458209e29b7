package io.labelgate.http;

import jakarta.ejb.EJBAccessException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Feature;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * An enterprise bean that refuses the caller ({@code @RolesAllowed} on an EJB: an
 * {@link EJBAccessException}) answers labelgate's 403 {@code insufficient_scope}, the same on every
 * container, rather than the container's 500 or error page. Registered only where the container
 * has Enterprise Beans, so the class that names them is loaded only then; with the lowest priority,
 * so an application's own mapper for {@code EJBAccessException} wins (one for a supertype such as
 * {@code EJBException} does not: JAX-RS picks the nearest type). Registered whether or not labelgate
 * is the application's Jakarta Security mechanism: without it a bean sees no caller and refuses
 * every one, and that too is a 403, never the container's 500.
 *
 * <p>Not final: containers may proxy providers they manage as CDI beans.
 */
@Provider
public class EjbAccessRefusals implements Feature {

    // by name: naming the class would load it, and it may not be there
    private static final String EJB_ACCESS_EXCEPTION = "jakarta.ejb.EJBAccessException";

    @Override
    public boolean configure(FeatureContext context) {
        if (!ContainerApis.present(EJB_ACCESS_EXCEPTION)) {
            return false;
        }
        context.register(Mapper.class, Priorities.USER + 1000);
        return true;
    }

    /** The mapping itself; names the Enterprise Beans API. */
    public static class Mapper implements ExceptionMapper<EJBAccessException> {

        @Context
        private HttpServletRequest request;

        @Override
        public Response toResponse(EJBAccessException refused) {
            // the exception's message names the bean and method: not for the caller
            String realm = request != null && request.getAttribute(Protection.REALM_PROPERTY) instanceof String named
                    ? named
                    : Refusal.FALLBACK_REALM;
            return RefusalWriter.toResponse(Refusal.of(
                    AuthError.roleRequired("the application refused this operation to the token's roles"), realm));
        }
    }
}
