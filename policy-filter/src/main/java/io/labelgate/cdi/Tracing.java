package io.labelgate.cdi;

import io.labelgate.http.ContainerApis;
import io.labelgate.http.PipelineObserver;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.BeanManager;

import javax.naming.InitialContext;
import javax.naming.NamingException;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Decisions as spans where the container provides OpenTelemetry to the application (MicroProfile
 * Telemetry: Payara; WildFly with its opentelemetry subsystem): the application's {@code Tracer}
 * bean, looked up through its BeanManager on the first decision, once the container's beans are
 * ready. Where the OpenTelemetry API is not visible to the application nothing is observed and no
 * class that names it is loaded; labelgate never brings a tracing stack of its own.
 */
public final class Tracing {

    private static final Logger LOG = Logger.getLogger(Tracing.class.getName());
    // by name: Tracer.class.getName() would load the class this checks for
    private static final String TRACER = "io.opentelemetry.api.trace.Tracer";

    private Tracing() {}

    /**
     * The decision spans of this application, when the container gives it OpenTelemetry; called
     * while labelgate starts in it (the BeanManager is looked up in JNDI, {@code java:comp/BeanManager}).
     */
    public static Optional<PipelineObserver> fromContainer(String appId, String engine) {
        if (!ContainerApis.present(TRACER)) {
            return Optional.empty();
        }
        BeanManager beans;
        try {
            beans = InitialContext.doLookup("java:comp/BeanManager");
        } catch (NamingException | RuntimeException noCdi) {
            LOG.fine(() -> "labelgate: no CDI in this application, so no decision spans: " + noCdi);
            return Optional.empty();
        }
        LOG.fine("labelgate: decisions are traced with the container's OpenTelemetry");
        return Optional.of(Spans.observer(beans, appId, engine));
    }

    /** Names OpenTelemetry's types: loaded only once they are known to be there. */
    private static final class Spans {

        static PipelineObserver observer(BeanManager beans, String appId, String engine) {
            return new DecisionSpans(new ContainerTracer(beans), appId, engine);
        }
    }

    /**
     * The application's {@code Tracer} bean, asked for on first use and kept; a no-op tracer when
     * the container has none (its telemetry is not enabled for CDI, or resolving failed).
     */
    private static final class ContainerTracer implements Supplier<Tracer> {

        private final BeanManager beans;
        private volatile Tracer tracer;

        ContainerTracer(BeanManager beans) {
            this.beans = beans;
        }

        @Override
        public Tracer get() {
            Tracer known = tracer;
            if (known == null) {
                known = resolve();
                tracer = known;
            }
            return known;
        }

        private Tracer resolve() {
            try {
                Instance<Tracer> tracers = beans.createInstance().select(Tracer.class);
                if (tracers.isResolvable()) {
                    return tracers.get();
                }
                LOG.info("labelgate: the container offers no Tracer bean, so decisions are not traced");
            } catch (RuntimeException e) {
                LOG.warning(
                        "labelgate: the container's Tracer could not be resolved, so decisions are not traced: " + e);
            }
            return OpenTelemetry.noop().getTracer("labelgate");
        }
    }
}
