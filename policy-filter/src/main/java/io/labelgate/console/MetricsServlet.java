package io.labelgate.console;

import io.labelgate.config.Secret;
import io.labelgate.http.Problem;
import io.labelgate.http.RefusalWriter;
import io.labelgate.metrics.LabelgateMetrics;
import io.labelgate.registry.AuditTrail;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.List;
import java.util.Objects;

/**
 * labelgate's metrics at {@code labelgate.metrics.path} ({@link LabelgateMetrics}): {@code GET}
 * only, in the Prometheus text format, or OpenMetrics when the {@code Accept} header asks for it.
 * Readable with the admin credential, the metrics credential ({@code labelgate.metrics.secret}),
 * either presented as {@code Authorization: Bearer <secret>} and compared in constant time, or in
 * container role {@value AdminApiServlet#ADMIN_ROLE}: the admin API's gate ({@link AdminCredential}),
 * with its 401 challenge and the admin API's {@link FailureThrottle}, so neither doubles the
 * guesses allowed.
 */
public final class MetricsServlet extends HttpServlet {

    /** What the audit trail names as the target of a refused metrics credential. */
    public static final String AUDIT_TARGET = "metrics";

    private static final long serialVersionUID = 1L;

    private final transient LabelgateMetrics metrics;
    private final transient AdminCredential credential;

    /**
     * @param metrics  what is served
     * @param secrets  the credentials that read it: the admin secret and the metrics secret, those configured
     * @param realm    the realm of the 401 challenge
     * @param failures counts wrong credentials per client address (the admin API's)
     * @param containerLogin whether {@code Authorization: Basic} is handed to the container's login
     * @param audit    where refused credentials are written
     */
    public MetricsServlet(
            LabelgateMetrics metrics,
            List<Secret> secrets,
            String realm,
            FailureThrottle failures,
            boolean containerLogin,
            AuditTrail audit) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.credential = new AdminCredential(
                secrets,
                failures,
                audit,
                AUDIT_TARGET,
                realm,
                "the credential is not valid for the metrics",
                "the metrics need role " + AdminApiServlet.ADMIN_ROLE,
                containerLogin);
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (credential.admit(request, response).isEmpty()) {
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
}
