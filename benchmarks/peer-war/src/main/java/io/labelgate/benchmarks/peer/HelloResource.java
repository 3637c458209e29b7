package io.labelgate.benchmarks.peer;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The sample's {@code GET /api/hello}, open only to callers in role {@code read}. A JAX-RS
 * resource, not the sample's servlet at {@code /}: MicroProfile JWT on Payara protects JAX-RS
 * resources through {@code @RolesAllowed}, and refuses {@code <security-constraint>}s beside
 * {@code @LoginConfig}; so the benchmark compares the two on this path.
 */
@Path("hello")
public class HelloResource {

    @GET
    @Produces(MediaType.TEXT_PLAIN)
    @RolesAllowed("read")
    public String hello() {
        return "Hello, World!";
    }
}
