package io.labelgate.console;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;

import java.io.IOException;
import java.util.Objects;
import java.util.logging.Logger;

/**
 * {@code /labelgate/admin-login}: an administrator signs in through the container's own login (the
 * web application's {@code login-config}) rather than with the admin secret. An unauthenticated
 * browser is handed to the container ({@code HttpServletRequest.authenticate}), which answers with
 * its challenge or its login page; an authenticated user in role
 * {@value AdminCredential#ADMIN_ROLE} gets an admin session in their name ({@link AdminOnly}) and
 * goes on to {@code next} or the Tokens page; anyone else gets 403.
 */
final class ContainerLogin {

    private static final Logger LOG = Logger.getLogger(ContainerLogin.class.getName());

    private final AdminOnly adminOnly;

    ContainerLogin(AdminOnly adminOnly) {
        this.adminOnly = Objects.requireNonNull(adminOnly, "adminOnly");
    }

    void handle(Exchange exchange) throws IOException {
        HttpServletRequest request = exchange.request();
        if (request.getUserPrincipal() == null) {
            boolean authenticated;
            try {
                authenticated = request.authenticate(exchange.response());
            } catch (ServletException e) {
                LOG.info(() -> "labelgate: the container did not sign in an administrator from "
                        + request.getRemoteAddr() + ": " + e.getMessage());
                exchange.error(
                        401,
                        "Not signed in",
                        "The server did not sign you in. Check your account, or sign in with the admin credential.");
                return;
            }
            if (!authenticated) {
                // the container answered: its challenge, or a redirect to its login page
                return;
            }
        }
        if (AdminOnly.containerAdministrator(request).isEmpty()) {
            exchange.error(
                    403,
                    "Administrators only",
                    "Your account is not in role " + AdminCredential.ADMIN_ROLE + ", which these pages need.");
            return;
        }
        if (adminOnly.session(exchange).isPresent()) {
            exchange.redirect(RedirectTarget.afterLogin(
                    true, exchange.parameter("next"), request.getContextPath(), exchange.base()));
        }
    }
}
