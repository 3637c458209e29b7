package io.labelgate.http;

import io.labelgate.decision.DecisionLog;
import io.labelgate.registry.AppStatus;
import io.labelgate.registry.RegistryUnavailableException;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.security.Principal;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Whether one request of the application may go on, and the answer when it may not: the servlet
 * filter's logic, shared with the Jakarta Security mechanism so that both reach the same verdict,
 * once per request. Probes and labelgate's own paths pass untouched; the app's status answers
 * first (registry down: 503, deleted: 410); otherwise the pipeline decides, and an allowed request
 * of a stopped app gets 503.
 *
 * <p>The verdict is kept in a request attribute: whichever adapter asks first decides, the others
 * read it (the mechanism runs before every filter; the filter after it; Payara's JAX-RS role check
 * may make the container ask the mechanism a second time).
 */
public final class Admission {

    /** Servlet context attribute holding the installed admission. */
    public static final String CONTEXT_ATTRIBUTE = Admission.class.getName();
    /** Request attribute holding the request's {@link Verdict}. */
    static final String VERDICT_ATTRIBUTE = Verdict.class.getName();

    private static final String NAMED_ATTRIBUTE = Admission.class.getName() + ".named";
    private static final Logger LOG = Logger.getLogger(Admission.class.getName());

    private final AtomicBoolean faultLogged = new AtomicBoolean();

    private final Protection protection;
    private final Predicate<String> unprotected;
    private final BrowserResponder browsers;
    private final Supplier<AppStatus> appStatus;
    private final Predicate<String> probes;

    /**
     * @param protection  the pipeline and realm
     * @param unprotected paths labelgate serves itself and that authenticate on their own terms
     *                    (the admin API checks the admin credential; the JWKS document is public)
     * @param browsers    the pages for refused browser requests
     * @param appStatus   the app's status (may throw {@link RegistryUnavailableException})
     * @param probes      paths served whatever the app's status and whether or not the registry
     *                    answers (the readiness probe, which reports exactly that)
     */
    public Admission(
            Protection protection,
            Predicate<String> unprotected,
            BrowserResponder browsers,
            Supplier<AppStatus> appStatus,
            Predicate<String> probes) {
        this.protection = Objects.requireNonNull(protection, "protection");
        this.unprotected = Objects.requireNonNull(unprotected, "unprotected");
        this.browsers = Objects.requireNonNull(browsers, "browsers");
        this.appStatus = Objects.requireNonNull(appStatus, "appStatus");
        this.probes = Objects.requireNonNull(probes, "probes");
    }

    /** What labelgate concluded for one request. */
    public sealed interface Verdict {

        /** Not labelgate's to decide: a probe or one of labelgate's own paths. No pipeline ran. */
        record Pass() implements Verdict {}

        /** The pipeline allowed the request and the app runs: it goes on as this caller. */
        record Proceed(Outcome.Allowed allowed) implements Verdict {
            public Proceed {
                Objects.requireNonNull(allowed, "allowed");
            }
        }

        /**
         * The request goes no further; labelgate answers it.
         *
         * @param error    the refusal, answered with a challenge (or a browser page when {@code page})
         * @param problem  or a problem without a challenge (the app is deleted or stopped); exactly one is set
         * @param page     whether a browser asking for a page gets labelgate's page rather than the API answer
         * @param decision the policy decision's id, when one was made
         */
        record Answer(AuthError error, Problem problem, boolean page, Optional<String> decision) implements Verdict {
            public Answer {
                if ((error == null) == (problem == null)) {
                    throw new IllegalArgumentException("an answer is either a refusal or a problem");
                }
                Objects.requireNonNull(decision, "decision");
            }
        }
    }

    /** Makes this the admission of an application. */
    public void install(ServletContext context) {
        context.setAttribute(CONTEXT_ATTRIBUTE, this);
    }

    /** The admission of an application, if labelgate started in it. */
    public static Optional<Admission> of(ServletContext context) {
        return context.getAttribute(CONTEXT_ATTRIBUTE) instanceof Admission admission
                ? Optional.of(admission)
                : Optional.empty();
    }

    /**
     * The request's verdict: reached now, or the one an earlier adapter reached. A fault on the way
     * is labelgate's 503 (the first one logged as a WARNING with its cause, later ones at FINE).
     */
    public Verdict admit(HttpServletRequest request) {
        if (request.getAttribute(VERDICT_ATTRIBUTE) instanceof Verdict reached) {
            return reached;
        }
        Verdict verdict;
        try {
            verdict = reach(request);
        } catch (RuntimeException e) {
            LOG.log(
                    faultLogged.compareAndSet(false, true) ? Level.WARNING : Level.FINE,
                    "labelgate: the request path failed; the request is refused with 503",
                    e);
            verdict = unavailable();
        }
        request.setAttribute(VERDICT_ATTRIBUTE, verdict);
        return verdict;
    }

    /** labelgate's 503: the request cannot be decided now. */
    public static Verdict.Answer unavailable() {
        return new Verdict.Answer(AuthError.decisionUnavailable(), null, false, Optional.empty());
    }

    /**
     * Remembers a verdict reached elsewhere for this request (the mechanism's fail-closed 503 when
     * the container refused the caller), so the filter answers the same.
     */
    public static void remember(HttpServletRequest request, Verdict verdict) {
        request.setAttribute(VERDICT_ATTRIBUTE, Objects.requireNonNull(verdict, "verdict"));
    }

    /**
     * Records that the container was told this caller for this request (the Jakarta Security
     * mechanism's notification), so that the filter lets the container's request, which names it,
     * go on as it is.
     */
    public static void namedToTheContainer(HttpServletRequest request, TokenPrincipal caller) {
        request.setAttribute(NAMED_ATTRIBUTE, Objects.requireNonNull(caller, "caller"));
    }

    /** Whether the container was told this very caller for this request. */
    static boolean namedToTheContainer(HttpServletRequest request, TokenPrincipal caller, Principal container) {
        return request.getAttribute(NAMED_ATTRIBUTE) == caller
                && container != null
                && caller.getName().equals(container.getName());
    }

    private Verdict reach(HttpServletRequest request) {
        String path = new ServletRequestView(request).path();
        if (probes.test(path)) {
            return new Verdict.Pass();
        }
        AppStatus status;
        try {
            status = appStatus.get();
        } catch (RegistryUnavailableException e) {
            return unavailable();
        }
        if (status == AppStatus.DELETED) {
            return new Verdict.Answer(null, Problem.of(410, "the app was deleted"), false, Optional.empty());
        }
        if (unprotected.test(path)) {
            return new Verdict.Pass();
        }
        Outcome outcome = protection.outcomeFor(request);
        if (outcome instanceof Outcome.Allowed allowed) {
            if (status == AppStatus.STOPPED) {
                return new Verdict.Answer(
                        null,
                        Problem.of(503, "the app is stopped; an operator can start it again"),
                        false,
                        outcome.decision());
            }
            return new Verdict.Proceed(allowed);
        }
        Outcome.Refused refused = (Outcome.Refused) outcome;
        return new Verdict.Answer(refused.error(), null, true, outcome.decision());
    }

    /**
     * Writes labelgate's answer to a request that goes no further, byte for byte what the servlet
     * filter has always written: a browser page (the login page, or a page with the reason) or the
     * RFC 6750 challenge with a problem document.
     */
    public void answer(Verdict.Answer answer, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        answer.decision().ifPresent(id -> response.setHeader(DecisionLog.HEADER, id));
        if (answer.problem() != null) {
            RefusalWriter.write(answer.problem(), response);
        } else if (!answer.page() || !browsers.respond(request, response, answer.error())) {
            RefusalWriter.write(protection.refusal(answer.error()), response);
        }
    }
}
