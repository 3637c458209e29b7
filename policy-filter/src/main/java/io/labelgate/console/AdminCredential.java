package io.labelgate.console;

import io.labelgate.config.Secret;
import io.labelgate.http.AuthError;
import io.labelgate.http.AuthException;
import io.labelgate.http.AuthorizationHeaderResolver;
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
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Who may call the admin API: a caller the container authenticated in role {@value #ADMIN_ROLE}
 * (named in the audit trail by the container's name for them; a request with
 * {@code Authorization: Basic} is handed to the container's login first, which on most containers
 * authenticates only where asked to), or one presenting the admin secret
 * ({@code Authorization: Bearer <labelgate.admin.secret>}, compared in constant time). A wrong
 * credential is counted against the client's address and written to the audit trail.
 */
final class AdminCredential {

    /** Container role admitted without the secret. */
    static final String ADMIN_ROLE = "labelgate-admin";

    private static final Logger LOG = Logger.getLogger(AdminCredential.class.getName());

    private final Optional<Secret> secret;
    private final FailureThrottle failures;
    private final AuditTrail audit;
    private final String target;

    /**
     * @param target what the audit trail says was refused: {@code admin API}
     */
    AdminCredential(Optional<Secret> secret, FailureThrottle failures, AuditTrail audit, String target) {
        this.secret = Objects.requireNonNull(secret, "secret");
        this.failures = Objects.requireNonNull(failures, "failures");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.target = Objects.requireNonNull(target, "target");
    }

    /** The outcome of a check: an actor, or why not. */
    sealed interface Check {
        /** Admitted, as this actor. */
        record Admitted(Actor actor) implements Check {}

        /** Refused, with the error to answer. */
        record Refused(AuthError error) implements Check {}

        /** The container answered the request itself (its login's challenge). */
        record Answered() implements Check {}
    }

    /** Whether the request carries an admin credential, and whose. */
    Check check(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String address = request.getRemoteAddr();
        if (request.getUserPrincipal() == null && basic(request)) {
            try {
                if (!request.authenticate(response)) {
                    return new Check.Answered();
                }
            } catch (ServletException e) {
                failures.failed(address);
                LOG.info(() ->
                        "labelgate: " + target + " refused a login the container did not accept, from " + address);
                record(audit, AuditEvent.of(Actor.unknown(address), AuditAction.ADMIN_REFUSED, target));
                return new Check.Refused(AuthError.invalidToken("the credentials were not accepted"));
            }
        }
        if (request.getUserPrincipal() != null && request.isUserInRole(ADMIN_ROLE)) {
            return new Check.Admitted(
                    Actor.administrator(request.getUserPrincipal().getName(), address));
        }
        if (request.getUserPrincipal() != null && basic(request)) {
            return new Check.Refused(AuthError.roleRequired("the admin API needs role " + ADMIN_ROLE));
        }
        Optional<String> presented;
        try {
            presented = new AuthorizationHeaderResolver().resolve(new ServletRequestView(request));
            if (presented.isPresent()) {
                // not one token is a malformed request (400), not a wrong secret: it is not counted
                AuthorizationHeaderResolver.requireB64Token(presented.get());
            }
        } catch (AuthException e) {
            return new Check.Refused(e.error());
        }
        if (presented.isEmpty()) {
            return new Check.Refused(
                    request.getUserPrincipal() != null
                            ? AuthError.roleRequired("the admin API needs role " + ADMIN_ROLE)
                            : AuthError.missingToken());
        }
        if (secret.isPresent() && secret.get().matches(presented.get())) {
            return new Check.Admitted(Actor.adminSecret(address));
        }
        failures.failed(address);
        LOG.info(() -> "labelgate: " + target + " refused a credential that is not the admin secret, from " + address);
        record(audit, AuditEvent.of(Actor.unknown(address), AuditAction.ADMIN_REFUSED, target));
        return new Check.Refused(AuthError.invalidToken("the admin credential is not valid"));
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
