package io.labelgate;

import io.labelgate.app.AccessReview;
import io.labelgate.cdi.ContainerMetrics;
import io.labelgate.cdi.HealthChecks;
import io.labelgate.cdi.LabelgateBeans;
import io.labelgate.config.AdminConfig;
import io.labelgate.config.ConfigurationException;
import io.labelgate.config.JakartaSecurityConfig;
import io.labelgate.config.LabelgateConfig;
import io.labelgate.config.MetricsConfig;
import io.labelgate.config.Secret;
import io.labelgate.config.ServletConfigLookup;
import io.labelgate.console.AdminApiServlet;
import io.labelgate.console.AppLifecycleServlet;
import io.labelgate.console.FailureThrottle;
import io.labelgate.console.HealthServlet;
import io.labelgate.console.JwksServlet;
import io.labelgate.console.MetricsServlet;
import io.labelgate.console.Readiness;
import io.labelgate.http.Admission;
import io.labelgate.http.LabelgateFilter;
import io.labelgate.token.Role;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletException;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Drop-in start-up: the container calls this for every web application that has the labelgate
 * jar in {@code WEB-INF/lib} (registered in {@code META-INF/services}). It reads the
 * configuration, builds labelgate, and puts the filter in front of every request ({@code /*},
 * before the application's own filters). A bad configuration fails the deployment with a message
 * naming the key.
 */
public final class LabelgateInitializer implements ServletContainerInitializer {

    private static final Logger LOG = Logger.getLogger(LabelgateInitializer.class.getName());

    /** Name of the registered servlet filter. */
    public static final String FILTER_NAME = "labelgate";

    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext context) throws ServletException {
        Labelgate labelgate;
        JakartaSecurityConfig.AtDiscovery mechanism;
        RegistryDataSource registry = null;
        try {
            LabelgateConfig config = LabelgateConfig.load(ServletConfigLookup.of(context), defaultAppName(context));
            // what the Jakarta Security extension read while the container discovered beans
            mechanism = ServletConfigLookup.microProfile(context.getClassLoader())
                    .map(JakartaSecurityConfig.AtDiscovery::read)
                    .orElse(new JakartaSecurityConfig.AtDiscovery(false, false));
            if (config.jakartaSecurity().enabled() && !mechanism.enabled()) {
                throw new ConfigurationException(
                        JakartaSecurityConfig.ENABLED,
                        "is read from MicroProfile Config only (a system property, the environment variable"
                                + " LABELGATE_JAKARTA_SECURITY_ENABLED or microprofile-config.properties), because the"
                                + " mechanism is registered before web.xml is read");
            }
            if (mechanism.enabled() && config.admin().containerLogin() && !mechanism.containerLogin()) {
                // the extension stands aside for the container's login only when it can see the key
                throw new ConfigurationException(
                        AdminConfig.CONTAINER_LOGIN,
                        "is set in web.xml while " + JakartaSecurityConfig.ENABLED + " is true; Jakarta Security"
                                + " allows one mechanism per application, so set it in MicroProfile Config, where"
                                + " labelgate sees it in time to leave the login to the container's mechanism");
            }
            registry = RegistryDataSource.open(config.registry());
            labelgate = Labelgate.start(config, registry.dataSource(), context::getResourceAsStream);
        } catch (ConfigurationException e) {
            closeQuietly(registry);
            LOG.severe("labelgate: cannot start " + context.getContextPath() + ": configuration " + e.getMessage());
            throw new ServletException("labelgate configuration: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(registry);
            LOG.log(Level.SEVERE, "labelgate: cannot start " + context.getContextPath(), e);
            throw new ServletException("labelgate cannot start: " + e.getMessage(), e);
        }
        labelgate.protection().install(context);
        if (mechanism.enabled() && !mechanism.containerLogin()) {
            // the Jakarta Security mechanism (io.labelgate.cdi.JakartaSecurity) names the caller in
            // these roles; isCallerInRole and isUserInRole check only the roles the web module
            // declares, and JAX-RS and EJB annotations declare none to it
            context.declareRoles(
                    Arrays.stream(Role.values()).map(Role::wireName).toArray(String[]::new));
        }
        context.setAttribute(LabelgateBeans.TOKEN_SERVICE_ATTRIBUTE, labelgate.tokens());
        AdminConfig admin = labelgate.config().admin();
        String adminPrefix = admin.path() + "/";
        String consolePrefix = labelgate.config().console().path() + "/";
        String healthPath = labelgate.config().console().path() + "/health";
        MetricsConfig metrics = labelgate.config().metrics();
        // labelgate's own pages authenticate on their own terms: the login page must be reachable
        // without a token, the admin API takes the admin credential, the JWKS document is public
        Admission admission = new Admission(
                labelgate.protection(),
                path -> path.equals(JwksServlet.PATH)
                        || path.startsWith(consolePrefix)
                        || (admin.enabled() && path.startsWith(adminPrefix)),
                labelgate.browserPages(),
                labelgate.lifecycle()::status,
                // the metrics too: they matter most while the app is stopped or the registry is down
                path -> path.equals(healthPath) || (metrics.enabled() && path.equals(metrics.path())));
        admission.install(context);
        FilterRegistration.Dynamic filter = context.addFilter(FILTER_NAME, new LabelgateFilter(admission));
        filter.setAsyncSupported(true);
        filter.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
        context.addServlet("labelgate-jwks", new JwksServlet(labelgate::jwks)).addMapping(JwksServlet.PATH);
        // one count of wrong admin credentials per address, however many endpoints take them
        FailureThrottle adminFailures = new FailureThrottle(admin.maxFailures(), Clock.systemUTC());
        AccessReview access = new AccessReview(
                labelgate.app(), labelgate.tokens(), labelgate.engine(), admin.path() + "/app/stop", Clock.systemUTC());
        if (admin.enabled()) {
            context.addServlet(
                            "labelgate-admin-api",
                            new AdminApiServlet(
                                    labelgate.tokens(),
                                    labelgate.apps(),
                                    labelgate.keyRing().orElse(null),
                                    labelgate.adminSecret(),
                                    labelgate.config().app().realm(),
                                    adminFailures,
                                    admin.containerLogin(),
                                    access,
                                    labelgate.audit(),
                                    labelgate.expiryWarning(),
                                    Clock.systemUTC()))
                    .addMapping(admin.path() + "/*", admin.path() + AdminApiServlet.ACCESS_PATH);
            LOG.info("labelgate: admin API at " + context.getContextPath() + admin.path() + "/tokens"
                    + (labelgate.adminSecret().isPresent()
                            ? ""
                            : " (no labelgate.admin.secret: container role " + AdminApiServlet.ADMIN_ROLE + " only)"));
        }
        if (labelgate.metrics().isPresent()) {
            List<Secret> readers = new ArrayList<>();
            labelgate.adminSecret().ifPresent(readers::add);
            metrics.secret().ifPresent(readers::add);
            context.addServlet(
                            "labelgate-metrics",
                            new MetricsServlet(
                                    labelgate.metrics().get(),
                                    readers,
                                    labelgate.config().app().realm(),
                                    adminFailures,
                                    admin.containerLogin(),
                                    labelgate.audit()))
                    .addMapping(metrics.path());
            LOG.info("labelgate: metrics at " + context.getContextPath() + metrics.path()
                    + (readers.isEmpty()
                            ? " (no labelgate.admin.secret or labelgate.metrics.secret: container role "
                                    + AdminApiServlet.ADMIN_ROLE + " only)"
                            : ""));
        }
        context.addServlet(
                        "labelgate-app-lifecycle",
                        new AppLifecycleServlet(labelgate.protection(), labelgate.lifecycle()))
                .addMapping(admin.path() + "/app", admin.path() + "/app/*");
        Readiness readiness = new Readiness(
                labelgate.config().app().name(),
                labelgate.config().engine().kind().wireName(),
                labelgate::engineReady,
                labelgate::registryReachable,
                labelgate::policyFacts);
        context.setAttribute(Readiness.ATTRIBUTE, readiness);
        HealthChecks.started(readiness);
        Runnable containerMetrics = labelgate
                .metrics()
                .map(counted -> ContainerMetrics.started(
                        counted, labelgate.config().app().name()))
                .orElse(() -> {});
        context.addServlet("labelgate-health", new HealthServlet(readiness)).addMapping(healthPath);
        context.addServlet("labelgate-console", labelgate.consoleServlet(access))
                .addMapping(labelgate.config().console().path() + "/*");
        RegistryDataSource opened = registry;
        context.addListener(new ServletContextListener() {
            @Override
            public void contextDestroyed(ServletContextEvent event) {
                containerMetrics.run();
                labelgate.close();
                opened.close();
            }
        });
    }

    private static void closeQuietly(RegistryDataSource registry) {
        if (registry != null) {
            registry.close();
        }
    }

    static String defaultAppName(ServletContext context) {
        String path = context.getContextPath();
        return path == null || path.isEmpty() || "/".equals(path)
                ? "ROOT"
                : path.substring(1).replace('/', '-');
    }
}
