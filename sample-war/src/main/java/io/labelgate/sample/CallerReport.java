package io.labelgate.sample;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.SecurityContext;

import java.security.Principal;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A CDI bean of the AI App with {@code @RolesAllowed}, enforced by the application's own
 * {@link SecuredInterceptor}: the counterpart of the {@link CallerService} enterprise bean for
 * applications that check roles in CDI beans.
 */
@Secured
@ApplicationScoped
@RolesAllowed("read")
public class CallerReport {

    /** How often a caller got past the interceptor. */
    private final AtomicInteger calls = new AtomicInteger();

    @Inject
    private SecurityContext security;

    /** {@code cdi=<token id> read=true operator=false} for a read token. */
    public String describe() {
        calls.incrementAndGet();
        Principal caller = security.getCallerPrincipal();
        return "cdi=" + (caller == null ? "none" : caller.getName())
                + " read=" + security.isCallerInRole("read")
                + " operator=" + security.isCallerInRole("operator");
    }

    /** Only operators. */
    @RolesAllowed("operator")
    public String forOperators() {
        calls.incrementAndGet();
        return "report for operator " + security.getCallerPrincipal().getName();
    }

    /** How often {@link #describe()} and {@link #forOperators()} were entered. */
    @PermitAll
    public int calls() {
        return calls.get();
    }
}
