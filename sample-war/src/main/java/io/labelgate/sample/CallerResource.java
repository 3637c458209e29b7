package io.labelgate.sample;

import jakarta.ejb.EJB;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The caller as the {@link CallerService} enterprise bean and the {@link CallerReport} CDI bean see
 * it. No role annotation here: the beans decide; a refusal by the enterprise bean is labelgate's
 * 403, one by the CDI bean's interceptor the application's own 403.
 */
@Path("caller")
@RequestScoped
public class CallerResource {

    @EJB
    private CallerService caller;

    @Inject
    private CallerReport report;

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

    /** The caller as the {@code @RolesAllowed("read")} CDI bean sees it. */
    @GET
    @Path("cdi")
    @Produces(MediaType.TEXT_PLAIN)
    public String describeInCdi() {
        return report.describe();
    }

    /** The CDI bean's operator-only method: a read is enough for labelgate, not for the bean. */
    @GET
    @Path("cdi/operators")
    @Produces(MediaType.TEXT_PLAIN)
    public String forOperatorsInCdi() {
        return report.forOperators();
    }

    /** How often a caller got into the CDI bean. */
    @GET
    @Path("cdi/calls")
    @Produces(MediaType.TEXT_PLAIN)
    public String cdiCalls() {
        return Integer.toString(report.calls());
    }
}
