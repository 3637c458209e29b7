package io.labelgate.sample;

import jakarta.annotation.Resource;
import jakarta.annotation.security.DeclareRoles;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.security.enterprise.SecurityContext;

import java.security.Principal;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An enterprise bean of the AI App that checks the caller itself, as existing applications do:
 * with labelgate as the application's Jakarta Security mechanism
 * ({@code labelgate.jakarta-security.enabled}) the container knows the token's caller, so
 * {@code @RolesAllowed} passes and both {@code EJBContext} and Jakarta Security's
 * {@code SecurityContext} name the token.
 */
@Stateless
@RolesAllowed("read")
@DeclareRoles({"read", "operator"})
public class CallerService {

    /** How often a caller got past the bean's role check: the tests show a refused request never does. */
    private static final AtomicInteger CALLS = new AtomicInteger();

    @Resource
    private SessionContext ejb;

    @Inject
    private SecurityContext security;

    /** The caller as the bean sees it. */
    public String describe() {
        CALLS.incrementAndGet();
        return "ejb=" + ejb.getCallerPrincipal().getName()
                + " security=" + name(security.getCallerPrincipal())
                + " read=" + ejb.isCallerInRole("read")
                + " operator=" + ejb.isCallerInRole("operator");
    }

    /** Only operators. */
    @RolesAllowed("operator")
    public String maintenance() {
        CALLS.incrementAndGet();
        return "maintenance by " + ejb.getCallerPrincipal().getName();
    }

    /** How often {@link #describe()} and {@link #maintenance()} were entered. */
    @PermitAll
    public int calls() {
        return CALLS.get();
    }

    private static String name(Principal principal) {
        return principal == null ? "none" : principal.getName();
    }
}
