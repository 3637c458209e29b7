package io.labelgate.sample;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The caller as the {@link CallerService} enterprise bean sees it. No role annotation here: the
 * bean decides, and a refusal by the bean is labelgate's 403.
 */
@Path("caller")
@RequestScoped
public class CallerResource {

    @EJB
    private CallerService caller;

    /** {@code ejb=<token id> security=<token id> read=true operator=false} for a read token. */
    @GET
    @Produces(MediaType.TEXT_PLAIN)
    public String describe() {
        return caller.describe();
    }

    /** The bean's operator-only method. */
    @POST
    @Path("maintenance")
    @Produces(MediaType.TEXT_PLAIN)
    public String maintenance() {
        return caller.maintenance();
    }

    /** How often a caller got into the bean. */
    @GET
    @Path("calls")
    @Produces(MediaType.TEXT_PLAIN)
    public String calls() {
        return Integer.toString(caller.calls());
    }
}
