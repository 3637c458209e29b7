package io.labelgate.cdi;

import io.labelgate.http.ContainerApis;
import io.labelgate.metrics.LabelgateMetrics;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AfterDeploymentValidation;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.Extension;

import javax.naming.InitialContext;
import javax.naming.NamingException;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Registers labelgate's decision counters with the container's MicroProfile Metrics, where the
 * container has it (Payara): its {@code /metrics} then shows {@code labelgate_decisions_total}
 * (by result and engine, tagged with the app) and the decision cache's hits and misses, read from
 * the same counters as labelgate's own endpoint. Where the MicroProfile Metrics API is absent
 * (WildFly's default configuration) nothing is registered, and no class that names it is loaded.
 * Registered once both labelgate has started and the container's beans are validated, in
 * whichever order they happen; removed when the application stops.
 */
public class ContainerMetrics implements Extension {

    private static final Logger LOG = Logger.getLogger(ContainerMetrics.class.getName());
    private static final String METRIC_REGISTRY = "org.eclipse.microprofile.metrics.MetricRegistry";

    private LabelgateMetrics metrics;
    private String app;
    private BeanManager beans;
    private Runnable unregister;

    /**
     * Tells the extension of this application labelgate's metrics, once labelgate started in it
     * (the application's BeanManager is looked up in JNDI, as {@link HealthChecks#started} does).
     *
     * @return removes them from the container's metrics again: call it when the application stops
     */
    public static Runnable started(LabelgateMetrics metrics, String app) {
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(app, "app");
        try {
            BeanManager beans = InitialContext.doLookup("java:comp/BeanManager");
            ContainerMetrics extension = beans.getExtension(ContainerMetrics.class);
            extension.start(metrics, app);
            return extension::stopped;
        } catch (NamingException | RuntimeException noCdi) {
            LOG.fine(() -> "labelgate: no CDI in this application, so no container metrics: " + noCdi);
            return () -> {};
        }
    }

    private synchronized void start(LabelgateMetrics started, String name) {
        this.metrics = started;
        this.app = name;
        register();
    }

    /** The application's beans are validated: its MetricRegistry may be asked for from now on. */
    synchronized void validated(@Observes AfterDeploymentValidation event, BeanManager manager) {
        this.beans = manager;
        register();
    }

    private void register() {
        if (metrics == null || beans == null || unregister != null || !ContainerApis.present(METRIC_REGISTRY)) {
            return;
        }
        try {
            unregister = MicroProfileMetrics.register(beans, metrics, app);
            LOG.fine("labelgate: decision counters registered with MicroProfile Metrics");
        } catch (RuntimeException | LinkageError e) {
            // the container's metrics are an extra: labelgate's own endpoint still serves them
            unregister = () -> {};
            LOG.log(Level.WARNING, "labelgate: cannot register with the container's MicroProfile Metrics", e);
        }
    }

    private synchronized void stopped() {
        if (unregister != null) {
            unregister.run();
        }
        unregister = null;
        metrics = null;
    }
}
