package io.labelgate;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.labelgate.config.ConfigurationException;
import io.labelgate.config.RegistryConfig;
import io.labelgate.config.Secret;

import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The registry's DataSource: a pool labelgate opens for {@code labelgate.registry.jdbc-url}, or the
 * container's DataSource named by {@code labelgate.registry.datasource} (default
 * {@code java:comp/DefaultDataSource}, so the sample needs nothing installed).
 */
final class RegistryDataSource implements AutoCloseable {

    private final DataSource dataSource;
    private final Optional<HikariDataSource> owned;

    private RegistryDataSource(DataSource dataSource, Optional<HikariDataSource> owned) {
        this.dataSource = dataSource;
        this.owned = owned;
    }

    static RegistryDataSource open(RegistryConfig config) {
        if (config.jdbcUrl().isPresent()) {
            HikariConfig pool = new HikariConfig();
            pool.setPoolName("labelgate-registry");
            pool.setJdbcUrl(config.jdbcUrl().get());
            // DriverManager does not see drivers in WEB-INF/lib from here: name the one the WAR ships
            pool.setDriverClassName(driverFor(config.jdbcUrl().get()));
            config.user().ifPresent(pool::setUsername);
            config.password().map(Secret::reveal).ifPresent(pool::setPassword);
            pool.setMaximumPoolSize(8);
            // fail fast: a registry that cannot be reached is a 503, not a hung request
            pool.setConnectionTimeout(2_000);
            pool.setValidationTimeout(1_000);
            pool.setInitializationFailTimeout(-1);
            try {
                HikariDataSource hikari = new HikariDataSource(pool);
                return new RegistryDataSource(hikari, Optional.of(hikari));
            } catch (RuntimeException e) {
                throw new ConfigurationException(
                        "labelgate.registry.jdbc-url", "cannot open a pool: " + e.getMessage(), e);
            }
        }
        try {
            return new RegistryDataSource(InitialContext.doLookup(config.dataSource()), Optional.empty());
        } catch (NamingException | ClassCastException e) {
            throw new ConfigurationException(
                    "labelgate.registry.datasource",
                    "no DataSource at " + config.dataSource() + " (" + e.getMessage() + ")",
                    e);
        }
    }

    private static String driverFor(String url) {
        for (Driver driver : ServiceLoader.load(Driver.class, RegistryDataSource.class.getClassLoader())) {
            try {
                if (driver.acceptsURL(url)) {
                    return driver.getClass().getName();
                }
            } catch (SQLException e) {
                // not this driver
            }
        }
        throw new ConfigurationException(
                "labelgate.registry.jdbc-url",
                "no JDBC driver for this URL in the "
                        + "application: add one (for PostgreSQL, org.postgresql:postgresql) to the WAR");
    }

    DataSource dataSource() {
        return dataSource;
    }

    @Override
    public void close() {
        owned.ifPresent(HikariDataSource::close);
    }
}
