package io.labelgate.cdi;

import io.labelgate.config.JakartaSecurityConfig;
import io.labelgate.http.Admission;
import io.labelgate.http.AuthError;
import io.labelgate.http.Problem;
import io.labelgate.http.Refusal;
import io.labelgate.http.RefusalWriter;
import io.labelgate.http.TokenPrincipal;
import jakarta.security.enterprise.AuthenticationException;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * labelgate as the application's Jakarta Security mechanism ({@value JakartaSecurityConfig#ENABLED}):
 * the container asks it about every request, before any filter, and it answers with the
 * {@link Admission}'s verdict, the one the servlet filter then reads, so a request is decided once
 * and the two never disagree.
 *
 * <ul>
 *   <li>Allowed: the container is told the caller, named by the token id, in the token's container
 *       roles ({@code read}; {@code operator} and {@code read}). A name, not a principal object:
 *       custom principals are lost or replaced on the way to the EJB tier on some servers.
 *   <li>Refused, or a labelgate path, on a resource the container does not protect: nothing is
 *       done ({@code doNothing}), and the filter writes labelgate's answer as it always has.
 *   <li>Refused on a resource the container protects (a {@code web.xml} constraint): the filter
 *       would never run, so the mechanism writes labelgate's answer itself and ends the request.
 *       Never {@code responseUnauthorized()}: it calls {@code sendError}, the container's page.
 * </ul>
 *
 * <p>Stateless: no {@code @AutoApplySession}, so the container keeps no identity of its own that
 * could outlive a revocation; the browser session's cookie goes through the pipeline on every
 * request, as without the mechanism. A fault of the pipeline or the container's refusal of the
 * caller fails closed with labelgate's 503 (an exception out of a mechanism is an empty 500 on both
 * servers); only a fault while writing an answer leaves the container's 500, a refusal all the same.
 *
 * <p>Registered as an application-scoped synthetic bean by {@link JakartaSecurity};
 * not final, with a no-argument constructor, because the container proxies it.
 */
public class LabelgateMechanism implements HttpAuthenticationMechanism {

    private static final Logger LOG = Logger.getLogger(LabelgateMechanism.class.getName());

    /** The largest body of a refused request the mechanism reads, so that the container sees the exchange end. */
    static final long DRAIN_LIMIT = 64 * 1024;

    private final AtomicBoolean notifyFailureLogged = new AtomicBoolean();
    private final AtomicBoolean ownPathLogged = new AtomicBoolean();

    @Override
    public AuthenticationStatus validateRequest(
            HttpServletRequest request, HttpServletResponse response, HttpMessageContext context)
            throws AuthenticationException {
        Optional<Admission> installed = Admission.of(request.getServletContext());
        if (installed.isEmpty()) {
            // labelgate did not start in this application (its initializer never ran): no filter
            // stands behind the mechanism, so it refuses every request itself
            return write(
                    request,
                    response,
                    () -> RefusalWriter.write(
                            Refusal.of(AuthError.decisionUnavailable(), Refusal.FALLBACK_REALM), response));
        }
        Admission admission = installed.get();
        // a fault on the request path is already labelgate's 503 here
        Admission.Verdict verdict = admission.admit(request);
        if (verdict instanceof Admission.Verdict.Proceed proceed) {
            TokenPrincipal caller = proceed.allowed().principal();
            try {
                AuthenticationStatus status = context.notifyContainerAboutLogin(
                        caller.getName(), caller.claims().role().containerRoles());
                Admission.namedToTheContainer(request, caller);
                return status;
            } catch (RuntimeException e) {
                if (notifyFailureLogged.compareAndSet(false, true)) {
                    LOG.log(
                            Level.SEVERE,
                            "labelgate: the container refused the caller labelgate allowed, so every request is"
                                    + " refused with 503. On WildFly, set integrated-jaspi=false on the application's"
                                    + " undertow application-security-domain (README, \"The container knows the caller\"),"
                                    + " or turn " + JakartaSecurityConfig.ENABLED + " off",
                            e);
                }
                verdict = unavailable(request);
            }
        }
        if (verdict instanceof Admission.Verdict.Pass) {
            if (!context.isProtected()) {
                return context.doNothing();
            }
            // a container constraint over labelgate's own pages: nothing here can satisfy it, and
            // doNothing() on a protected resource is an empty 200 on both servers
            if (ownPathLogged.compareAndSet(false, true)) {
                LOG.warning("labelgate: a security-constraint covers labelgate's own path " + request.getRequestURI()
                        + "; with " + JakartaSecurityConfig.ENABLED + " on, labelgate's paths must stay outside"
                        + " the application's security constraints");
            }
            return write(
                    request,
                    response,
                    () -> RefusalWriter.write(
                            Problem.of(403, "labelgate's own pages cannot be behind a container security constraint"),
                            response));
        }
        Admission.Verdict.Answer answer = (Admission.Verdict.Answer) verdict;
        if (!context.isProtected()) {
            return context.doNothing();
        }
        return write(request, response, () -> admission.answer(answer, request, response));
    }

    private static Admission.Verdict unavailable(HttpServletRequest request) {
        Admission.Verdict verdict = Admission.unavailable();
        // the filter, should it run, answers the same
        Admission.remember(request, verdict);
        return verdict;
    }

    /**
     * Writes labelgate's answer and ends the request: a redirect continues the dialogue, an error
     * fails it. The exchange is finished here, its body read (up to {@link #DRAIN_LIMIT}) and the
     * response closed: WildFly's Undertow calls {@code sendError} after a failed authentication
     * unless the exchange is complete, which on a committed response is an error and a stack
     * trace in the server's log for every refused request.
     */
    private static AuthenticationStatus write(HttpServletRequest request, HttpServletResponse response, Writing writing)
            throws AuthenticationException {
        try {
            writing.write();
            drain(request);
            response.getOutputStream().close();
        } catch (IOException | RuntimeException e) {
            // the request is refused all the same: the container answers it with its own 500
            throw new AuthenticationException("labelgate could not write its answer", e);
        }
        return response.getStatus() < 400 ? AuthenticationStatus.SEND_CONTINUE : AuthenticationStatus.SEND_FAILURE;
    }

    /**
     * Reads and drops the body of a refused request, as the container would once the response is
     * done, when its declared length is at most {@link #DRAIN_LIMIT} and the client does not wait
     * for a {@code 100 Continue} (reading would invite the upload). Any other body is left to the
     * container (on WildFly, an error line in its log after labelgate's answer went out): reading
     * it would hold a worker thread for as long as the client takes to send it.
     */
    static void drain(HttpServletRequest request) {
        long length = request.getContentLengthLong();
        if (length <= 0 || length > DRAIN_LIMIT || request.getHeader("Expect") != null) {
            return;
        }
        byte[] chunk = new byte[8192];
        long left = length;
        try {
            InputStream body = request.getInputStream();
            // to the end of the stream, not just its declared length: the container marks the
            // request complete when a read meets the end
            while (true) {
                int read = body.read(chunk, 0, chunk.length);
                left -= read;
                if (read <= 0 || left < 0) {
                    return;
                }
            }
        } catch (IOException | IllegalStateException e) {
            // a broken or already-read body: the container ends the connection as it would have
            LOG.log(Level.FINE, "labelgate: the body of a refused request could not be read", e);
        }
    }

    @FunctionalInterface
    private interface Writing {
        void write() throws IOException;
    }
}
