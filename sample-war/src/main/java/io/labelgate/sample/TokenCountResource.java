package io.labelgate.sample;

import io.labelgate.registry.TokenService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Shows labelgate's TokenService injected by CDI into the application's own code. */
@Path("token-count")
@RequestScoped
public class TokenCountResource {

    @Inject
    TokenService tokens;

    /** How many tokens the registry holds; operators only. */
    @GET
    @Produces(MediaType.TEXT_PLAIN)
    @RolesAllowed("operator")
    public String count() {
        return Integer.toString(tokens.list().size());
    }
}
