package io.labelgate.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.labelgate.json.Json;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The registry's JDBC plumbing: one database behind a circuit breaker. Every write goes through
 * {@link #update} (one statement), {@link #changing} or {@link #inTransaction} (one transaction),
 * so a failure leaves nothing half-written; {@link #appendChange} adds a write's {@link Change}
 * to the feed inside the writer's transaction.
 *
 * <p>Every call runs through the breaker: after one connection failure it refuses every call at
 * once for the retry interval, then lets one call through to try again. A failure comes out as
 * {@link RegistryUnavailableException}.
 */
final class Jdbc {

    private static final ObjectMapper JSON = Json.mapper();

    private final DataSource dataSource;
    private final Duration retryInterval;
    private final CircuitBreaker breaker;

    /** The database behind a breaker that stays open for {@code retryInterval} after a connection failure. */
    Jdbc(DataSource dataSource, Duration retryInterval) {
        this.dataSource = dataSource;
        this.retryInterval = retryInterval;
        this.breaker = CircuitBreaker.of(
                "labelgate-registry",
                CircuitBreakerConfig.custom()
                        .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                        .slidingWindowSize(1)
                        .minimumNumberOfCalls(1)
                        .failureRateThreshold(100)
                        .waitDurationInOpenState(retryInterval)
                        .permittedNumberOfCallsInHalfOpenState(1)
                        .automaticTransitionFromOpenToHalfOpenEnabled(false)
                        .build());
    }

    /** Whether the database answered its last call (the breaker is not open). */
    boolean reachable() {
        return breaker.getState() == CircuitBreaker.State.CLOSED;
    }

    @FunctionalInterface
    interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    @FunctionalInterface
    interface RowMapper<T> {
        T map(ResultSet row) throws SQLException;
    }

    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    @FunctionalInterface
    private interface Call<T> {
        T run() throws SQLException;
    }

    /** Runs one statement on a connection of its own; returns the count of rows it changed. */
    int update(String sql, Binder binder) {
        return guarded(() -> {
            try (Connection connection = dataSource.getConnection();
                    PreparedStatement statement = connection.prepareStatement(sql)) {
                binder.bind(statement);
                return statement.executeUpdate();
            }
        });
    }

    /** Runs one query on a connection of its own; returns its rows, mapped. */
    <T> List<T> query(String sql, Binder binder, RowMapper<T> mapper) {
        return guarded(() -> {
            try (Connection connection = dataSource.getConnection();
                    PreparedStatement statement = connection.prepareStatement(sql)) {
                binder.bind(statement);
                try (ResultSet rows = statement.executeQuery()) {
                    List<T> results = new ArrayList<>();
                    while (rows.next()) {
                        results.add(mapper.map(rows));
                    }
                    return results;
                }
            }
        });
    }

    /** Runs {@code work} on a connection of its own, outside any transaction. */
    <T> T connected(Work<T> work) {
        return guarded(() -> {
            try (Connection connection = dataSource.getConnection()) {
                return work.run(connection);
            }
        });
    }

    /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
    <T> T inTransaction(Work<T> work) {
        return guarded(() -> {
            try (Connection connection = dataSource.getConnection()) {
                boolean autoCommit = connection.getAutoCommit();
                connection.setAutoCommit(false);
                try {
                    T result = work.run(connection);
                    connection.commit();
                    return result;
                } catch (SQLException | RuntimeException e) {
                    connection.rollback();
                    throw e;
                } finally {
                    connection.setAutoCommit(autoCommit);
                }
            }
        });
    }

    /** Runs one statement and, when it changed a row, appends the change, in one transaction. */
    int changing(Change.Kind kind, String subject, String sql, Binder binder) {
        return changing(kind, subject, Optional.empty(), sql, binder);
    }

    /**
     * Runs one statement and, when it changed a row, appends the change and writes its audit entry,
     * in one transaction: neither is written without the other.
     */
    int changing(Change.Kind kind, String subject, AuditEvent audit, String sql, Binder binder) {
        return changing(kind, subject, Optional.of(audit), sql, binder);
    }

    private int changing(Change.Kind kind, String subject, Optional<AuditEvent> audit, String sql, Binder binder) {
        return inTransaction(connection -> {
            int changed;
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                binder.bind(statement);
                changed = statement.executeUpdate();
            }
            if (changed > 0) {
                appendChange(connection, kind, subject);
                if (audit.isPresent()) {
                    JdbcAudit.append(connection, audit.get());
                }
            }
            return changed;
        });
    }

    /**
     * Appends a change in the caller's transaction: takes the next sequence by updating the head row
     * (its lock, held until commit, puts the changes in commit order) and announces it on PostgreSQL
     * (NOTIFY is delivered at commit, never for a rolled-back change).
     */
    static void appendChange(Connection connection, Change.Kind kind, String subject) throws SQLException {
        try (PreparedStatement bump =
                connection.prepareStatement("UPDATE labelgate_feed_head SET seq = seq + 1 WHERE id = 1")) {
            if (bump.executeUpdate() != 1) {
                throw new SQLException("labelgate_feed_head has no row");
            }
        }
        long seq = head(connection);
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO labelgate_change (seq, kind, subject, changed_at) VALUES (?, ?, ?, ?)")) {
            insert.setLong(1, seq);
            insert.setString(2, kind.wireName());
            insert.setString(3, subject);
            insert.setObject(4, timestamp(Instant.now()));
            insert.executeUpdate();
        }
        if (Announcements.isPostgres(connection)) {
            try (Statement notify = connection.createStatement()) {
                notify.execute("NOTIFY " + Announcements.CHANNEL);
            }
        }
    }

    /** The change feed's head (the last sequence given out) as the connection's transaction sees it. */
    static long head(Connection connection) throws SQLException {
        try (PreparedStatement select =
                        connection.prepareStatement("SELECT seq FROM labelgate_feed_head WHERE id = 1");
                ResultSet rows = select.executeQuery()) {
            if (!rows.next()) {
                throw new SQLException("labelgate_feed_head has no row");
            }
            return rows.getLong(1);
        }
    }

    /**
     * Runs one registry call through the breaker: refused at once while it is open; a connection
     * failure opens it; an SQL error that is not about the connection shows the database answered.
     */
    private <T> T guarded(Call<T> call) {
        if (!breaker.tryAcquirePermission()) {
            throw new RegistryUnavailableException(
                    "labelgate registry unreachable; next attempt within " + retryInterval.toMillis() + " ms");
        }
        long start = System.nanoTime();
        try {
            T result = call.run();
            breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            return result;
        } catch (SQLException e) {
            if (isConnectionFailure(e)) {
                breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
            } else {
                breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            }
            throw unavailable(e);
        } catch (RuntimeException | Error e) {
            breaker.releasePermission();
            throw e;
        }
    }

    /** SQLSTATE class 08 is "connection exception"; pools report a timed-out wait as transient. */
    private static boolean isConnectionFailure(SQLException e) {
        return e instanceof SQLTransientConnectionException
                || e instanceof SQLNonTransientConnectionException
                || e instanceof SQLRecoverableException
                || (e.getSQLState() != null && e.getSQLState().startsWith("08"));
    }

    private static RegistryUnavailableException unavailable(SQLException e) {
        return new RegistryUnavailableException("labelgate registry failed: " + e.getMessage(), e);
    }

    static OffsetDateTime timestamp(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    static Instant instant(ResultSet row, String column) throws SQLException {
        OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    /** Labels as the JSON object the tables keep, keys in order. */
    static String json(Map<String, String> labels) throws SQLException {
        try {
            return JSON.writeValueAsString(new TreeMap<>(labels));
        } catch (JsonProcessingException e) {
            throw new SQLException("cannot write labels as JSON", e);
        }
    }
}
