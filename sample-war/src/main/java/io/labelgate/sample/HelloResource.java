package io.labelgate.sample;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;

/** A small JAX-RS API of the AI App, showing that the container knows the caller. */
@Path("")
public class HelloResource {

    /** The same answer as the servlet, through JAX-RS. */
    @GET
    @Path("hello")
    @Produces(MediaType.TEXT_PLAIN)
    public String hello() {
        return "Hello, World!";
    }

    /** Who the container thinks the caller is. */
    @GET
    @Path("whoami")
    @Produces(MediaType.TEXT_PLAIN)
    @RolesAllowed("read")
    public String whoami(@Context SecurityContext security) {
        return "name=" + security.getUserPrincipal().getName()
                + " read=" + security.isUserInRole("read")
                + " operator=" + security.isUserInRole("operator")
                + " scheme=" + security.getAuthenticationScheme();
    }

    /** Only operators: shows {@code @RolesAllowed} enforced on every container. */
    @GET
    @Path("operators-only")
    @Produces(MediaType.TEXT_PLAIN)
    @RolesAllowed("operator")
    public String operatorsOnly() {
        return "Hello, operator!";
    }
}
