package io.labelgate.http;

import io.labelgate.decision.Action;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;

import java.util.Objects;
import java.util.Optional;

/**
 * The protection installed in one web application: the pipeline and the realm its challenges
 * name. Both adapters reach it through the {@link ServletContext}, and share one outcome per
 * request through a request attribute, so a request that passes the servlet filter and the
 * JAX-RS filter is decided once.
 *
 * @param pipeline the request path
 * @param realm    the challenge realm
 */
public record Protection(ProtectionPipeline pipeline, String realm) {

    /** Servlet context attribute holding the installed protection. */
    public static final String CONTEXT_ATTRIBUTE = Protection.class.getName();
    /** Request attribute holding the request's {@link Outcome}. */
    public static final String OUTCOME_ATTRIBUTE = Outcome.class.getName();
    /** Request attribute naming the realm, for JAX-RS filters that refuse after authentication. */
    public static final String REALM_PROPERTY = Protection.class.getName() + ".realm";

    public Protection {
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(realm, "realm");
    }

    /** Makes this the protection of an application. */
    public void install(ServletContext context) {
        context.setAttribute(CONTEXT_ATTRIBUTE, this);
    }

    /** The protection of an application, if labelgate started in it. */
    public static Optional<Protection> of(ServletContext context) {
        return context.getAttribute(CONTEXT_ATTRIBUTE) instanceof Protection protection
                ? Optional.of(protection)
                : Optional.empty();
    }

    /** The request's outcome: decided now, or the one an earlier filter decided. */
    public Outcome outcomeFor(HttpServletRequest request) {
        if (request.getAttribute(OUTCOME_ATTRIBUTE) instanceof Outcome decided) {
            return decided;
        }
        request.setAttribute(REALM_PROPERTY, realm);
        Outcome outcome = pipeline.protect(new ServletRequestView(request));
        request.setAttribute(OUTCOME_ATTRIBUTE, outcome);
        return outcome;
    }

    /**
     * The request's outcome for action {@code manage}, for a {@link Manage} resource the servlet
     * filter could not know about: a second question, asked once per request.
     */
    public Outcome manageOutcomeFor(HttpServletRequest request) {
        String key = OUTCOME_ATTRIBUTE + ".manage";
        if (request.getAttribute(key) instanceof Outcome decided) {
            return decided;
        }
        request.setAttribute(REALM_PROPERTY, realm);
        Outcome outcome = pipeline.protect(new ServletRequestView(request), Action.MANAGE);
        request.setAttribute(key, outcome);
        return outcome;
    }

    /** The response for a refusal in this realm. */
    public Refusal refusal(AuthError error) {
        return Refusal.of(error, realm);
    }
}
