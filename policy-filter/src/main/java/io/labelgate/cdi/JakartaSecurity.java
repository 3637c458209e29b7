package io.labelgate.cdi;

import io.labelgate.config.AdminConfig;
import io.labelgate.config.ConfigLookup;
import io.labelgate.config.ConfigurationException;
import io.labelgate.config.JakartaSecurityConfig;
import io.labelgate.config.ServletConfigLookup;
import io.labelgate.http.ContainerApis;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import jakarta.enterprise.inject.spi.AfterDeploymentValidation;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ProcessBean;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;

import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Registers {@link LabelgateMechanism} as the application's Jakarta Security mechanism when
 * {@value JakartaSecurityConfig#ENABLED} is true in MicroProfile Config and the container has
 * Jakarta Security: a synthetic application-scoped bean of type {@code HttpAuthenticationMechanism},
 * added after bean discovery (as Payara's MicroProfile JWT does its own), which the container's
 * Jakarta Security (Soteria, on Payara and WildFly) finds and installs for the application.
 *
 * <p>Jakarta Security 3 allows one mechanism per application. So the mechanism is not registered,
 * with a warning naming the keys, when {@value AdminConfig#CONTAINER_LOGIN} is on (the
 * administrators' login is the container's own mechanism) or the application brings a mechanism
 * of its own; and a mechanism that appears only later (one the container adds for an annotation)
 * fails the deployment, rather than an ambiguous resolution on every request. Without the
 * mechanism the servlet filter protects every request as before; the container only does not know
 * the caller.
 */
public class JakartaSecurity implements Extension {

    private static final Logger LOG = Logger.getLogger(JakartaSecurity.class.getName());
    // by name: naming the class would load it, and it may not be there
    private static final String MECHANISM =
            "jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism";

    private static final String OWN_MECHANISM = "io.labelgate.cdi.LabelgateMechanism";

    private final List<String> otherMechanisms = new ArrayList<>();
    private boolean registered;

    /** Mechanisms the application or the container brings, by bean class. */
    synchronized void mechanismsOfTheApplication(@Observes ProcessBean<?> event) {
        Class<?> beanClass = event.getBean().getBeanClass();
        // by name: the class literal would load the mechanism, and with it Jakarta Security's types
        if (beanClass.getName().equals(OWN_MECHANISM)) {
            return;
        }
        for (Type type : event.getBean().getTypes()) {
            if (type instanceof Class<?> named && named.getName().equals(MECHANISM)) {
                otherMechanisms.add(beanClass.getName());
            }
        }
    }

    synchronized void addMechanism(@Observes AfterBeanDiscovery event) {
        ConfigLookup config = ServletConfigLookup.microProfile(JakartaSecurity.class.getClassLoader())
                .orElse(key -> Optional.empty());
        JakartaSecurityConfig.AtDiscovery asked;
        try {
            asked = JakartaSecurityConfig.AtDiscovery.read(config);
        } catch (ConfigurationException e) {
            event.addDefinitionError(e);
            return;
        }
        if (!asked.enabled()) {
            return;
        }
        if (!ContainerApis.present(MECHANISM)) {
            event.addDefinitionError(new ConfigurationException(
                    JakartaSecurityConfig.ENABLED,
                    "is true, but the container gives this application no Jakarta Security"));
            return;
        }
        if (asked.containerLogin()) {
            decline(AdminConfig.CONTAINER_LOGIN + " is on: administrators sign in through the container's own"
                    + " login-config mechanism, and Jakarta Security allows one mechanism per application");
            return;
        }
        if (!otherMechanisms.isEmpty()) {
            decline("the application has a mechanism of its own (" + String.join(", ", otherMechanisms)
                    + "), and Jakarta Security allows one per application");
            return;
        }
        Mechanism.register(event);
        registered = true;
        LOG.info("labelgate: registered as the application's Jakarta Security mechanism ("
                + JakartaSecurityConfig.ENABLED + "=true): the container knows the caller");
    }

    private static void decline(String reason) {
        LOG.warning("labelgate: " + JakartaSecurityConfig.ENABLED + " is true but labelgate is not the application's"
                + " Jakarta Security mechanism, because " + reason + ". The filter protects every request as"
                + " before; EJBs and the container's security API do not see labelgate's caller");
    }

    /** A mechanism added after labelgate's (by the container, for an annotation) would make two. */
    synchronized void checkOneMechanism(@Observes AfterDeploymentValidation event) {
        if (registered && !otherMechanisms.isEmpty()) {
            event.addDeploymentProblem(new ConfigurationException(
                    JakartaSecurityConfig.ENABLED,
                    "is true, and the application has a Jakarta Security mechanism of its own ("
                            + String.join(", ", otherMechanisms)
                            + "); an application has one: turn the key off, or remove the other mechanism"));
        }
    }

    /** Names Jakarta Security's types: loaded only once they are known to be there. */
    private static final class Mechanism {

        static void register(AfterBeanDiscovery event) {
            event.addBean()
                    .beanClass(LabelgateMechanism.class)
                    .types(HttpAuthenticationMechanism.class, Object.class)
                    .scope(ApplicationScoped.class)
                    .createWith(creation -> new LabelgateMechanism());
        }
    }
}
