package io.labelgate.registry;

import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.ds.PGSimpleDataSource;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * Databases for registry tests: a fresh in-memory H2 (the engine of Payara's default DataSource),
 * and the real PostgreSQL that scripts/test.sh starts, named by system properties
 * {@code labelgate.test.postgres.url} (with {@code .user} and {@code .password}).
 */
public final class TestDataSources {

    private TestDataSources() {}

    /** A fresh, empty H2 database in memory. */
    public static DataSource h2() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:labelgate-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        return h2;
    }

    /** The test PostgreSQL emptied (schema public recreated), when the test script provides one. */
    public static Optional<DataSource> postgres() {
        String url = System.getProperty("labelgate.test.postgres.url");
        if (url == null || url.isBlank()) {
            return Optional.empty();
        }
        PGSimpleDataSource postgres = new PGSimpleDataSource();
        postgres.setURL(url);
        postgres.setUser(System.getProperty("labelgate.test.postgres.user", "labelgate"));
        postgres.setPassword(System.getProperty("labelgate.test.postgres.password", "labelgate"));
        try (Connection connection = postgres.getConnection();
                Statement statement = connection.createStatement()) {
            // the labelgate database's owner owns schema public (PostgreSQL 15): start from nothing
            statement.execute("DROP SCHEMA public CASCADE");
            statement.execute("CREATE SCHEMA public");
        } catch (SQLException e) {
            throw new IllegalStateException("the test PostgreSQL at " + url + " is not usable", e);
        }
        return Optional.of(postgres);
    }

    /** Every database available to this run: H2 always, PostgreSQL under scripts/test.sh. */
    public static List<DataSource> all() {
        List<DataSource> sources = new ArrayList<>();
        sources.add(h2());
        postgres().ifPresent(sources::add);
        return sources;
    }

    /**
     * A DataSource that fails every connection while {@code down} is set, as a pool does when the
     * database is gone (SQLSTATE 08001): a registry outage.
     */
    public static DataSource switchable(DataSource delegate, AtomicBoolean down) {
        return switchable(delegate, down, new AtomicInteger());
    }

    /** The same, counting every connection asked for in {@code attempts}. */
    public static DataSource switchable(DataSource delegate, AtomicBoolean down, AtomicInteger attempts) {
        return new DataSource() {
            @Override
            public Connection getConnection() throws SQLException {
                attempts.incrementAndGet();
                if (down.get()) {
                    throw new SQLTransientConnectionException("connection refused (simulated outage)", "08001");
                }
                return delegate.getConnection();
            }

            @Override
            public Connection getConnection(String user, String password) throws SQLException {
                return getConnection();
            }

            @Override
            public PrintWriter getLogWriter() throws SQLException {
                return delegate.getLogWriter();
            }

            @Override
            public void setLogWriter(PrintWriter out) throws SQLException {
                delegate.setLogWriter(out);
            }

            @Override
            public void setLoginTimeout(int seconds) throws SQLException {
                delegate.setLoginTimeout(seconds);
            }

            @Override
            public int getLoginTimeout() throws SQLException {
                return delegate.getLoginTimeout();
            }

            @Override
            public Logger getParentLogger() throws SQLFeatureNotSupportedException {
                return delegate.getParentLogger();
            }

            @Override
            public <T> T unwrap(Class<T> type) throws SQLException {
                return delegate.unwrap(type);
            }

            @Override
            public boolean isWrapperFor(Class<?> type) throws SQLException {
                return delegate.isWrapperFor(type);
            }
        };
    }
}
