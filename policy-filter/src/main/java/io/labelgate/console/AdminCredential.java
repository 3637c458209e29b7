package io.labelgate.console;

import io.labelgate.config.Secret;
import io.labelgate.http.AuthError;
import io.labelgate.http.AuthException;
import io.labelgate.http.AuthorizationHeaderResolver;
import io.labelgate.http.Problem;
import io.labelgate.http.Refusal;
import io.labelgate.http.RefusalWriter;
import io.labelgate.http.ServletRequestView;
import io.labelgate.registry.Actor;
import io.labelgate.registry.AuditAction;
import io.labelgate.registry.AuditEvent;
import io.labelgate.registry.AuditTrail;
import io.labelgate.registry.RegistryUnavailableException;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The gate of the admin API and the metrics: a caller the container authenticated in role
 * {@value #ADMIN_ROLE} (named in the audit trail by the container's name for them; with
 * {@code labelgate.admin.container-login} a request with {@code Authorization: Basic} is handed to
 * the container's login first), or one presenting one of the accepted secrets
 * ({@code Authorization: Bearer <secret>}, compared in constant time with every one of them). A
 * wrong credential is counted against the client's address, past whose limit every attempt gets
 * 429 with {@code Retry-After}, and written to the audit trail.
 */
final class AdminCredential {

    /** Container role admitted without a secret. */
    static final String ADMIN_ROLE = "labelgate-admin";

    private static final Logger LOG = Logger.getLogger(AdminCredential.class.getName());

    private final List<Secret> secrets;
    private final FailureThrottle failures;
    private final AuditTrail audit;
    private final String target;
    private final String realm;
    private final String wrongCredential;
    private final String roleRequired;
    private final boolean containerLogin;

    /**
     * @param secrets  the secrets that open the gate: the admin secret; for the metrics, the
     *                 metrics secret too (whoever presents one acts as {@code admin-secret})
     * @param failures counts wrong credentials per client address, shared by the gates of one app
     *                 so that no gate adds to the guesses another allows
     * @param target   what the audit trail says was refused: {@code admin API}, {@code metrics}
     * @param realm    the realm of the 401 challenge
     * @param wrongCredential the 401's description for a wrong secret
     * @param roleRequired    the 403's description for a user outside the role
     * @param containerLogin  {@code labelgate.admin.container-login}: whether {@code Authorization:
     *                        Basic} is handed to the container's login; without it Basic is refused
     *                        like any other scheme (the container has no login of labelgate's to
     *                        offer, and with labelgate as its Jakarta Security mechanism it would
     *                        ask labelgate back)
     */
    AdminCredential(
            List<Secret> secrets,
            FailureThrottle failures,
            AuditTrail audit,
            String target,
            String realm,
            String wrongCredential,
            String roleRequired,
            boolean containerLogin) {
        this.secrets = List.copyOf(secrets);
        this.failures = Objects.requireNonNull(failures, "failures");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.target = Objects.requireNonNull(target, "target");
        this.realm = Objects.requireNonNull(realm, "realm");
        this.wrongCredential = Objects.requireNonNull(wrongCredential, "wrongCredential");
        this.roleRequired = Objects.requireNonNull(roleRequired, "roleRequired");
        this.containerLogin = containerLogin;
    }

    /**
     * Who the caller is; empty when they may not pass, and the answer (the container's challenge,
     * 400, 401, 403 or 429) has been written.
     */
    Optional<Actor> admit(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<Duration> throttled = failures.retryAfter(request.getRemoteAddr());
        if (throttled.isPresent() && !request.isUserInRole(ADMIN_ROLE)) {
            response.setHeader("Retry-After", FailureThrottle.retryAfterSeconds(throttled.get()));
            RefusalWriter.write(
                    Problem.of(429, "too many wrong admin credentials from this address; try again later"), response);
            return Optional.empty();
        }
        String address = request.getRemoteAddr();
        if (containerLogin && request.getUserPrincipal() == null && basic(request)) {
            try {
                if (!request.authenticate(response)) {
                    // the container answered: its challenge
                    return Optional.empty();
                }
            } catch (ServletException e) {
                return refuse(response, address, AuthError.invalidToken("the credentials were not accepted"));
            }
        }
        if (request.getUserPrincipal() != null && request.isUserInRole(ADMIN_ROLE)) {
            return Optional.of(Actor.administrator(request.getUserPrincipal().getName(), address));
        }
        if (request.getUserPrincipal() != null && basic(request)) {
            return answer(response, AuthError.roleRequired(roleRequired));
        }
        Optional<String> presented;
        try {
            presented = new AuthorizationHeaderResolver().resolve(new ServletRequestView(request));
            if (presented.isPresent()) {
                // not one token is a malformed request (400), not a wrong secret: it is not counted
                AuthorizationHeaderResolver.requireB64Token(presented.get());
            }
        } catch (AuthException e) {
            return answer(response, e.error());
        }
        if (presented.isEmpty()) {
            return answer(
                    response,
                    request.getUserPrincipal() != null
                            ? AuthError.roleRequired(roleRequired)
                            : AuthError.missingToken());
        }
        // every secret is compared, so the time taken does not tell which one came close
        boolean matched = false;
        for (Secret secret : secrets) {
            matched |= secret.matches(presented.get());
        }
        if (matched) {
            return Optional.of(Actor.adminSecret(address));
        }
        return refuse(response, address, AuthError.invalidToken(wrongCredential));
    }

    /** A wrong credential: counted, logged by address, audited, answered. */
    private Optional<Actor> refuse(HttpServletResponse response, String address, AuthError error) throws IOException {
        failures.failed(address);
        LOG.info(() -> "labelgate: " + target + " refused a wrong credential from " + address);
        record(audit, AuditEvent.of(Actor.unknown(address), AuditAction.ADMIN_REFUSED, target));
        return answer(response, error);
    }

    private Optional<Actor> answer(HttpServletResponse response, AuthError error) throws IOException {
        RefusalWriter.write(Refusal.of(error, realm), response);
        return Optional.empty();
    }

    /** Whether the request presents a user name and password ({@code Authorization: Basic}, RFC 7617). */
    private static boolean basic(HttpServletRequest request) {
        String authorization = request.getHeader("Authorization");
        return authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6);
    }

    /**
     * Writes an entry that goes with no change: a registry that cannot take it is logged, and the
     * answer to the request stays what it was (a refusal stays a refusal).
     */
    static void record(AuditTrail audit, AuditEvent event) {
        try {
            audit.record(event);
        } catch (RegistryUnavailableException e) {
            LOG.warning("labelgate: the audit trail could not record " + event.action() + " on " + event.target()
                    + " by " + event.actor().name() + ": " + e.getMessage());
        }
    }
}
