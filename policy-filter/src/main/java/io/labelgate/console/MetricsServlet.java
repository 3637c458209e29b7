package io.labelgate.console;

import io.labelgate.config.Secret;
import io.labelgate.http.AuthError;
import io.labelgate.http.AuthException;
import io.labelgate.http.AuthorizationHeaderResolver;
import io.labelgate.http.Problem;
import io.labelgate.http.Refusal;
import io.labelgate.http.RefusalWriter;
import io.labelgate.http.ServletRequestView;
import io.labelgate.metrics.LabelgateMetrics;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * labelgate's metrics at {@code labelgate.metrics.path} ({@link LabelgateMetrics}): {@code GET}
 * only, in the Prometheus text format, or OpenMetrics when the {@code Accept} header asks for it.
 * Readable with the admin credential, the metrics credential ({@code labelgate.metrics.secret}),
 * either presented as {@code Authorization: Bearer <secret>} and compared in constant time, or in
 * container role {@value AdminApiServlet#ADMIN_ROLE}. A missing or wrong credential gets the
 * admin API's 401 challenge; wrong ones are counted per client address by the admin API's
 * {@link FailureThrottle}, past whose limit every attempt gets 429 with {@code Retry-After}.
 *
 * <p>The credential check repeats the admin API's (which also names an actor for its audit):
 * the two accept different secrets, and share the throttle so neither doubles the guesses allowed.
 */
public final class MetricsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(MetricsServlet.class.getName());

    private final transient LabelgateMetrics metrics;
    private final transient List<Secret> secrets;
    private final String realm;
    private final transient FailureThrottle failures;

    /**
     * @param metrics  what is served
     * @param secrets  the credentials that read it: the admin secret and the metrics secret, those configured
     * @param realm    the realm of the 401 challenge
     * @param failures counts wrong credentials per client address (the admin API's)
     */
    public MetricsServlet(LabelgateMetrics metrics, List<Secret> secrets, String realm, FailureThrottle failures) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.secrets = List.copyOf(secrets);
        this.realm = Objects.requireNonNull(realm, "realm");
        this.failures = Objects.requireNonNull(failures, "failures");
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<Duration> throttled = failures.retryAfter(request.getRemoteAddr());
        if (throttled.isPresent() && !request.isUserInRole(AdminApiServlet.ADMIN_ROLE)) {
            response.setHeader("Retry-After", FailureThrottle.retryAfterSeconds(throttled.get()));
            RefusalWriter.write(
                    Problem.of(429, "too many wrong admin credentials from this address; try again later"), response);
            return;
        }
        Optional<AuthError> refusal = authenticate(request);
        if (refusal.isPresent()) {
            RefusalWriter.write(Refusal.of(refusal.get(), realm), response);
            return;
        }
        if (!"GET".equals(request.getMethod())) {
            response.setHeader("Allow", "GET");
            RefusalWriter.write(Problem.of(405, "allowed methods: GET"), response);
            return;
        }
        LabelgateMetrics.Exposition exposition = metrics.scrape(request.getHeader("Accept"));
        response.setStatus(200);
        response.setHeader("Cache-Control", "no-store");
        response.setContentType(exposition.contentType());
        response.setContentLength(exposition.body().length);
        response.getOutputStream().write(exposition.body());
    }

    private Optional<AuthError> authenticate(HttpServletRequest request) {
        if (request.isUserInRole(AdminApiServlet.ADMIN_ROLE)) {
            return Optional.empty();
        }
        Optional<String> presented;
        try {
            presented = new AuthorizationHeaderResolver().resolve(new ServletRequestView(request));
            if (presented.isPresent()) {
                // not one token is a malformed request (400), not a wrong secret: it is not counted
                AuthorizationHeaderResolver.requireB64Token(presented.get());
            }
        } catch (AuthException e) {
            return Optional.of(e.error());
        }
        if (presented.isEmpty()) {
            return Optional.of(
                    request.getUserPrincipal() != null
                            ? AuthError.roleRequired("the metrics need role " + AdminApiServlet.ADMIN_ROLE)
                            : AuthError.missingToken());
        }
        // every secret is compared, so the time taken does not tell which one came close
        boolean matched = false;
        for (Secret secret : secrets) {
            matched |= secret.matches(presented.get());
        }
        if (matched) {
            return Optional.empty();
        }
        failures.failed(request.getRemoteAddr());
        LOG.info(() -> "labelgate: metrics refused a credential that is neither the admin nor the metrics secret, from "
                + request.getRemoteAddr());
        return Optional.of(AuthError.invalidToken("the credential is not valid for the metrics"));
    }
}
