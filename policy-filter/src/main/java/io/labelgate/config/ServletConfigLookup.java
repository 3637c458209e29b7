package io.labelgate.config;

import jakarta.servlet.ServletContext;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Configuration for one web application: MicroProfile Config first (system properties,
 * environment variables, {@code META-INF/microprofile-config.properties}), then the
 * {@code web.xml} {@code <context-param>} of the same name.
 */
public final class ServletConfigLookup {

    private static final Logger LOG = Logger.getLogger(ServletConfigLookup.class.getName());

    private ServletConfigLookup() {}

    /** The lookup for this application. */
    public static ConfigLookup of(ServletContext context) {
        ConfigLookup initParameters = key -> Optional.ofNullable(context.getInitParameter(key));
        return microProfile(context.getClassLoader())
                .map(mp -> mp.orElse(initParameters))
                .orElse(initParameters);
    }

    /**
     * MicroProfile Config alone, for what is decided before the application's {@code web.xml} is
     * read (the Jakarta Security mechanism, registered while the container discovers beans); empty
     * where the container has no MicroProfile Config.
     */
    public static Optional<ConfigLookup> microProfile(ClassLoader classLoader) {
        Config config;
        try {
            config = ConfigProvider.getConfig(classLoader);
        } catch (LinkageError | IllegalStateException | ServiceConfigurationError unavailable) {
            LOG.log(Level.FINE, "MicroProfile Config is not available; reading web.xml context parameters only");
            return Optional.empty();
        }
        return Optional.of(key -> config.getOptionalValue(key, String.class).filter(value -> !value.isBlank()));
    }
}
