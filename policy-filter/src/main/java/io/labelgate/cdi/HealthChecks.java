package io.labelgate.cdi;

import io.labelgate.console.Readiness;
import io.labelgate.http.ContainerApis;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.Extension;

import javax.naming.InitialContext;
import javax.naming.NamingException;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Registers labelgate's readiness check with the container's MicroProfile Health, where the
 * container has it (Payara; WildFly with its microprofile-health subsystem): {@code /health/ready}
 * then reports whether labelgate can decide. Where the MicroProfile Health API is absent nothing
 * is registered, and no class that names it is loaded.
 */
public class HealthChecks implements Extension {

    private static final Logger LOG = Logger.getLogger(HealthChecks.class.getName());
    private static final String HEALTH_CHECK = "org.eclipse.microprofile.health.HealthCheck";

    private volatile Readiness readiness;

    /**
     * Tells the check of this application where labelgate's readiness is, once labelgate started
     * in it. The application's BeanManager is looked up in JNDI ({@code java:comp/BeanManager}):
     * {@code CDI.current()} cannot tell from a library jar which application calls. Does nothing
     * where the application has no CDI.
     */
    public static void started(Readiness readiness) {
        try {
            BeanManager beans = InitialContext.doLookup("java:comp/BeanManager");
            beans.getExtension(HealthChecks.class).readiness = readiness;
        } catch (NamingException | RuntimeException noCdi) {
            LOG.fine(() -> "labelgate: no CDI in this application, so no MicroProfile readiness check: " + noCdi);
        }
    }

    /** The readiness labelgate recorded in this application, once it started. */
    Optional<Readiness> readiness() {
        return Optional.ofNullable(readiness);
    }

    void addReadinessCheck(@Observes AfterBeanDiscovery event) {
        if (ContainerApis.present(HEALTH_CHECK)) {
            ReadinessCheck.register(event, this);
            LOG.fine("labelgate: readiness check registered with MicroProfile Health");
        }
    }
}
