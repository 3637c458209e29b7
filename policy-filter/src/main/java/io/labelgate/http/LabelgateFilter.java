package io.labelgate.http;

import io.labelgate.decision.DecisionLog;
import io.labelgate.registry.AppStatus;
import io.labelgate.registry.RegistryUnavailableException;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The servlet adapter: every request of the application passes the pipeline before any servlet,
 * JSP or JAX-RS resource sees it. Allowed requests continue as an {@link AuthenticatedRequest};
 * refused ones get the {@link Refusal} (API clients) or a browser page, and go no further.
 */
public final class LabelgateFilter implements Filter {

    private final Protection protection;
    private final Predicate<String> unprotected;
    private final BrowserResponder browsers;
    private final Supplier<AppStatus> appStatus;
    private final Predicate<String> probes;

    /**
     * @param protection  the pipeline and realm
     * @param unprotected paths labelgate serves itself and that authenticate on their own terms
     *                    (the admin API checks the admin credential; the JWKS document is public)
     * @param probes      paths served whatever the app's status and whether or not the registry
     *                    answers (the readiness probe, which reports exactly that)
     */
    public LabelgateFilter(
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

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        if (!(req instanceof HttpServletRequest request) || !(res instanceof HttpServletResponse response)) {
            throw new ServletException("labelgate protects HTTP requests only");
        }
        String path = new ServletRequestView(request).path();
        if (probes.test(path)) {
            chain.doFilter(request, response);
            return;
        }
        AppStatus status;
        try {
            status = appStatus.get();
        } catch (RegistryUnavailableException e) {
            RefusalWriter.write(protection.refusal(AuthError.decisionUnavailable()), response);
            return;
        }
        if (status == AppStatus.DELETED) {
            RefusalWriter.write(Problem.of(410, "the app was deleted"), response);
            return;
        }
        if (unprotected.test(path)) {
            chain.doFilter(request, response);
            return;
        }
        Outcome outcome = protection.outcomeFor(request);
        outcome.decision().ifPresent(id -> response.setHeader(DecisionLog.HEADER, id));
        if (outcome instanceof Outcome.Allowed allowed) {
            if (status == AppStatus.STOPPED) {
                RefusalWriter.write(Problem.of(503, "the app is stopped; an operator can start it again"), response);
                return;
            }
            chain.doFilter(new AuthenticatedRequest(request, allowed.principal()), response);
        } else if (outcome instanceof Outcome.Refused refused
                && !browsers.respond(request, response, refused.error())) {
            RefusalWriter.write(protection.refusal(refused.error()), response);
        }
    }
}
