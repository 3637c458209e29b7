package io.labelgate.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.labelgate.json.Json;
import io.labelgate.selector.Selector;
import io.labelgate.token.SharedSelectors;
import io.labelgate.token.Role;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

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
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * The registry over JDBC: PostgreSQL in production, or the container's default DataSource (H2 on
 * Payara and WildFly). The schema is created and migrated by Flyway from
 * {@code io/labelgate/registry/migration}; on PostgreSQL Flyway holds an advisory lock while it
 * migrates, so nodes starting together migrate once.
 *
 * <p>Every write is one statement or one transaction: a failure leaves nothing half-written.
 * Every write that affects decisions appends a {@link Change} to the change feed in the same
 * transaction (and, on PostgreSQL, announces it with {@code NOTIFY labelgate_changes}).
 *
 * <p>A database that cannot be reached fails fast: after one connection failure a circuit
 * breaker refuses every call at once for {@link #RETRY_INTERVAL}, then lets one call through to
 * try again. Without it, requests would queue behind each other's connection timeouts (callers
 * such as the revocation cache load one key at a time), and a registry outage would stall the
 * server instead of answering 503.
 */
public final class JdbcRegistry implements TokenRegistry, AppRegistry, SigningKeyRegistry, SessionRegistry, ChangeFeed {

    private static final ObjectMapper JSON = Json.mapper();
    private static final TypeReference<TreeMap<String, String>> LABELS = new TypeReference<>() {
    };
    private static final String TOKEN_COLUMNS =
            "id, name, selector, all_apps, role, region, generation, created_at, expires_at, last_used_at";

    private static final Logger LOG = Logger.getLogger(JdbcRegistry.class.getName());
    private static final int MIGRATION_ATTEMPTS = 5;
    private static final Duration MIGRATION_RETRY = Duration.ofMillis(500);

    /** How long the registry is not asked again after a connection failure. */
    static final Duration RETRY_INTERVAL = Duration.ofSeconds(1);

    private final DataSource dataSource;
    private final CircuitBreaker breaker = CircuitBreaker.of("labelgate-registry", CircuitBreakerConfig.custom()
            .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
            .slidingWindowSize(1)
            .minimumNumberOfCalls(1)
            .failureRateThreshold(100)
            .waitDurationInOpenState(RETRY_INTERVAL)
            .permittedNumberOfCallsInHalfOpenState(1)
            .automaticTransitionFromOpenToHalfOpenEnabled(false)
            .build());

    private final Announcements announcements;

    private JdbcRegistry(DataSource dataSource) {
        this.dataSource = dataSource;
        this.announcements = new Announcements(dataSource);
    }

    /** Whether the registry answered its last call (the breaker is not open): for health checks. */
    @Override
    public boolean reachable() {
        return breaker.getState() == CircuitBreaker.State.CLOSED;
    }

    /** Migrates the schema to the current version and returns the registry over it. */
    public static JdbcRegistry migrate(DataSource dataSource) {
        Objects.requireNonNull(dataSource, "dataSource");
        Flyway flyway = Flyway.configure(JdbcRegistry.class.getClassLoader())
                .dataSource(dataSource)
                .locations("classpath:io/labelgate/registry/migration")
                .table("labelgate_schema_history")
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load();
        for (int attempt = 1; ; attempt++) {
            try {
                flyway.migrate();
                return new JdbcRegistry(dataSource);
            } catch (FlywayException e) {
                // Nodes starting together on an empty schema: one may find the history table that
                // another has just created and not yet filled ("already exists, and is empty").
                // Flyway's lock serialises the migrations themselves; asking again after the other
                // node is done finds the schema migrated.
                if (attempt == MIGRATION_ATTEMPTS) {
                    throw new RegistryUnavailableException("cannot migrate the labelgate registry schema: "
                            + e.getMessage(), e);
                }
                LOG.fine(() -> "labelgate: migrating the registry schema failed (" + e.getMessage() + "); trying again");
                try {
                    Thread.sleep(MIGRATION_RETRY.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new RegistryUnavailableException("interrupted while migrating the registry schema", e);
                }
            }
        }
    }

    // ---- tokens

    @Override
    public void insert(TokenRecord token) {
        changing(Change.Kind.TOKEN, token.id(), "INSERT INTO labelgate_token (" + TOKEN_COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", statement -> bindToken(statement, token));
    }

    private static void bindToken(PreparedStatement statement, TokenRecord token) throws SQLException {
        statement.setString(1, token.id());
        statement.setString(2, token.name());
        statement.setString(3, token.selector().toString());
        statement.setBoolean(4, token.allApps());
        statement.setString(5, token.role().wireName());
        statement.setString(6, token.region());
        statement.setLong(7, token.generation());
        statement.setObject(8, timestamp(token.createdAt()));
        statement.setObject(9, timestamp(token.expiresAt()));
        statement.setObject(10, timestamp(token.lastUsedAt()));
    }

    @Override
    public TokenRecord replace(TokenRecord token) {
        return inTransaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE labelgate_token SET name = ?, "
                    + "selector = ?, all_apps = ?, role = ?, region = ?, generation = generation + 1, created_at = ?, "
                    + "expires_at = ?, last_used_at = NULL WHERE id = ?")) {
                update.setString(1, token.name());
                update.setString(2, token.selector().toString());
                update.setBoolean(3, token.allApps());
                update.setString(4, token.role().wireName());
                update.setString(5, token.region());
                update.setObject(6, timestamp(token.createdAt()));
                update.setObject(7, timestamp(token.expiresAt()));
                update.setString(8, token.id());
                if (update.executeUpdate() == 0) {
                    try (PreparedStatement insert = connection.prepareStatement(
                            "INSERT INTO labelgate_token (" + TOKEN_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                        bindToken(insert, token);
                        insert.executeUpdate();
                    }
                }
            }
            appendChange(connection, Change.Kind.TOKEN, token.id());
            return readToken(connection, token.id())
                    .orElseThrow(() -> new SQLException("token " + token.id() + " vanished while it was replaced"));
        });
    }

    @Override
    public Optional<TokenRecord> find(String id) {
        return query("SELECT " + TOKEN_COLUMNS + " FROM labelgate_token WHERE id = ?",
                statement -> statement.setString(1, id), JdbcRegistry::token).stream().findFirst();
    }

    @Override
    public List<TokenRecord> list() {
        return query("SELECT " + TOKEN_COLUMNS + " FROM labelgate_token ORDER BY created_at DESC, id",
                statement -> { }, JdbcRegistry::token);
    }

    @Override
    public Optional<TokenRecord> incrementGeneration(String id) {
        return inTransaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE labelgate_token SET generation = generation + 1 WHERE id = ?")) {
                update.setString(1, id);
                if (update.executeUpdate() == 0) {
                    return Optional.empty();
                }
            }
            appendChange(connection, Change.Kind.TOKEN, id);
            return readToken(connection, id);
        });
    }

    /** A token as the caller's transaction sees it. */
    private static Optional<TokenRecord> readToken(Connection connection, String id) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT " + TOKEN_COLUMNS + " FROM labelgate_token WHERE id = ?")) {
            select.setString(1, id);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(token(rows)) : Optional.empty();
            }
        }
    }

    @Override
    public boolean delete(String id) {
        return changing(Change.Kind.TOKEN, id, "DELETE FROM labelgate_token WHERE id = ?",
                statement -> statement.setString(1, id)) > 0;
    }

    @Override
    public void touch(String id, Instant usedAt) {
        update("UPDATE labelgate_token SET last_used_at = ? WHERE id = ?", statement -> {
            statement.setObject(1, timestamp(usedAt));
            statement.setString(2, id);
        });
    }

    private static TokenRecord token(ResultSet row) throws SQLException {
        return new TokenRecord(
                row.getString("id"),
                row.getString("name"),
                SharedSelectors.parse(row.getString("selector")),
                row.getBoolean("all_apps"),
                Role.fromWireName(row.getString("role"))
                        .orElseThrow(() -> new SQLException("unknown role in labelgate_token")),
                row.getString("region"),
                row.getLong("generation"),
                instant(row, "created_at"),
                instant(row, "expires_at"),
                instant(row, "last_used_at"));
    }

    // ---- apps

    @Override
    public void register(AppRecord app) {
        inTransaction(connection -> {
            int updated;
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE labelgate_app SET name = ?, region = ?, labels = ?, base_url = ?, updated_at = ?, "
                            + "status = CASE WHEN status = 'deleted' THEN 'running' ELSE status END WHERE id = ?")) {
                update.setString(1, app.name());
                update.setString(2, app.region());
                update.setString(3, json(app.labels()));
                update.setString(4, app.baseUrl());
                update.setObject(5, timestamp(app.updatedAt()));
                update.setString(6, app.id().toString());
                updated = update.executeUpdate();
            }
            if (updated == 0) {
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO labelgate_app "
                        + "(id, name, region, labels, base_url, status, registered_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                    insert.setString(1, app.id().toString());
                    insert.setString(2, app.name());
                    insert.setString(3, app.region());
                    insert.setString(4, json(app.labels()));
                    insert.setString(5, app.baseUrl());
                    insert.setString(6, app.status().wireName());
                    insert.setObject(7, timestamp(app.registeredAt()));
                    insert.setObject(8, timestamp(app.updatedAt()));
                    insert.executeUpdate();
                }
            }
            appendChange(connection, Change.Kind.APP, app.id().toString());
            return null;
        });
    }

    @Override
    public Optional<AppRecord> findApp(UUID id) {
        return query("SELECT * FROM labelgate_app WHERE id = ?", statement -> statement.setString(1, id.toString()),
                JdbcRegistry::app).stream().findFirst();
    }

    @Override
    public List<AppRecord> apps() {
        return query("SELECT * FROM labelgate_app ORDER BY name, id", statement -> { }, JdbcRegistry::app);
    }

    @Override
    public boolean setStatus(UUID id, AppStatus status, Instant at) {
        return changing(Change.Kind.APP, id.toString(), "UPDATE labelgate_app SET status = ?, updated_at = ? WHERE id = ?",
                statement -> {
            statement.setString(1, status.wireName());
            statement.setObject(2, timestamp(at));
            statement.setString(3, id.toString());
        }) > 0;
    }

    private static AppRecord app(ResultSet row) throws SQLException {
        Map<String, String> labels;
        try {
            labels = JSON.readValue(row.getString("labels"), LABELS);
        } catch (JsonProcessingException e) {
            throw new SQLException("labelgate_app.labels is not a JSON object of strings", e);
        }
        return new AppRecord(UUID.fromString(row.getString("id")), row.getString("name"), row.getString("region"),
                labels, row.getString("base_url"), AppStatus.fromWireName(row.getString("status"))
                        .orElseThrow(() -> new SQLException("unknown status in labelgate_app")),
                instant(row, "registered_at"),
                instant(row, "updated_at"));
    }

    // ---- signing keys

    @Override
    public List<StoredSigningKey> signingKeys() {
        return query("SELECT * FROM labelgate_signing_key ORDER BY created_at DESC, kid", statement -> { },
                row -> new StoredSigningKey(row.getString("kid"), row.getString("algorithm"),
                        row.getString("public_jwk"), row.getString("private_jwk_encrypted"),
                        instant(row, "created_at"), instant(row, "retired_at")));
    }

    @Override
    public void insert(StoredSigningKey key) {
        changing(Change.Kind.KEY, key.kid(), "INSERT INTO labelgate_signing_key (kid, algorithm, public_jwk, "
                + "private_jwk_encrypted, created_at, retired_at) VALUES (?, ?, ?, ?, ?, ?)", statement -> {
                    statement.setString(1, key.kid());
                    statement.setString(2, key.algorithm());
                    statement.setString(3, key.publicJwk());
                    statement.setString(4, key.encryptedPrivateJwk());
                    statement.setObject(5, timestamp(key.createdAt()));
                    statement.setObject(6, timestamp(key.retiredAt()));
                });
    }

    @Override
    public boolean retire(String kid, Instant at) {
        return changing(Change.Kind.KEY, kid, "UPDATE labelgate_signing_key SET retired_at = ? WHERE kid = ? "
                + "AND retired_at IS NULL",
                statement -> {
                    statement.setObject(1, timestamp(at));
                    statement.setString(2, kid);
                }) > 0;
    }

    // ---- browser sessions

    @Override
    public void insert(BrowserSession session) {
        update("INSERT INTO labelgate_session (id_hash, token_id, generation, csrf, created_at, expires_at, token_kid) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?)", statement -> {
                    statement.setString(1, session.idHash());
                    statement.setString(2, session.tokenId());
                    statement.setLong(3, session.generation());
                    statement.setString(4, session.csrf());
                    statement.setObject(5, timestamp(session.createdAt()));
                    statement.setObject(6, timestamp(session.expiresAt()));
                    statement.setString(7, session.kid());
                });
    }

    @Override
    public Optional<BrowserSession> findSession(String idHash) {
        return query("SELECT * FROM labelgate_session WHERE id_hash = ?", statement -> statement.setString(1, idHash),
                row -> new BrowserSession(row.getString("id_hash"), row.getString("token_id"),
                        row.getLong("generation"), row.getString("token_kid"), row.getString("csrf"),
                        instant(row, "created_at"), instant(row, "expires_at"))).stream().findFirst();
    }

    @Override
    public void deleteSession(String idHash) {
        changing(Change.Kind.SESSION, idHash, "DELETE FROM labelgate_session WHERE id_hash = ?",
                statement -> statement.setString(1, idHash));
    }

    @Override
    public int deleteExpiredSessions(Instant now) {
        return update("DELETE FROM labelgate_session WHERE expires_at < ?",
                statement -> statement.setObject(1, timestamp(now)));
    }

    // ---- the change feed

    @Override
    public Changes changesAfter(long seq, int limit) {
        // one round trip per read: the head comes with the page, so an idle node pays one query
        return pageOf(query("SELECT h.seq AS head, c.seq, c.kind, c.subject FROM labelgate_feed_head h "
                + "LEFT JOIN labelgate_change c ON c.seq > ? WHERE h.id = 1 ORDER BY c.seq", statement -> {
                    statement.setLong(1, seq);
                    statement.setMaxRows(limit);
                }, row -> {
                    String kind = row.getString("kind");
                    Change change = kind == null ? null : new Change(row.getLong("seq"), Change.Kind.fromWireName(kind)
                            .orElseThrow(() -> new SQLException("unknown change kind " + kind)), row.getString("subject"));
                    return new FeedRow(row.getLong("head"), change);
                }), seq);
    }

    /** A row of a feed read: the head, and a change after the asked sequence or none. */
    private record FeedRow(long head, Change change) {
    }

    /**
     * Sequences commit in order and never leave a hole: a first change past {@code seq + 1}, or
     * none at all with a head past {@code seq}, means the changes between were pruned.
     */
    private static Changes pageOf(List<FeedRow> rows, long seq) {
        if (rows.isEmpty()) {
            throw new RegistryUnavailableException("labelgate_feed_head has no row: the schema is not migrated");
        }
        long head = rows.get(0).head();
        List<Change> changes = rows.stream().map(FeedRow::change).filter(Objects::nonNull).toList();
        boolean gap = changes.isEmpty() ? head > seq : changes.get(0).seq() != seq + 1;
        return new Changes(changes, gap);
    }

    @Override
    public long head() {
        return guarded(() -> {
            try (Connection connection = dataSource.getConnection()) {
                return head(connection);
            }
        });
    }

    private static long head(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT seq FROM labelgate_feed_head WHERE id = 1");
             ResultSet rows = select.executeQuery()) {
            if (!rows.next()) {
                throw new SQLException("labelgate_feed_head has no row");
            }
            return rows.getLong(1);
        }
    }

    @Override
    public int pruneChanges(Instant before) {
        // the newest change stays: a reader that applied it must not mistake its absence for a gap
        return update("DELETE FROM labelgate_change WHERE changed_at < ? AND seq < (SELECT seq FROM labelgate_feed_head "
                + "WHERE id = 1)", statement -> statement.setObject(1, timestamp(before)));
    }

    @Override
    public void awaitAnnouncement(Duration timeout) throws InterruptedException {
        announcements.await(timeout);
    }

    @Override
    public void stopAwaiting() {
        announcements.close();
    }

    /** Runs one statement and, when it changed a row, appends the change, in one transaction. */
    private int changing(Change.Kind kind, String subject, String sql, Binder binder) {
        return inTransaction(connection -> {
            int changed;
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                binder.bind(statement);
                changed = statement.executeUpdate();
            }
            if (changed > 0) {
                appendChange(connection, kind, subject);
            }
            return changed;
        });
    }

    /**
     * Appends a change in the caller's transaction: takes the next sequence by updating the head row
     * (its lock, held until commit, puts the changes in commit order) and announces it on PostgreSQL
     * (NOTIFY is delivered at commit, never for a rolled-back change).
     */
    private void appendChange(Connection connection, Change.Kind kind, String subject) throws SQLException {
        try (PreparedStatement bump = connection.prepareStatement(
                "UPDATE labelgate_feed_head SET seq = seq + 1 WHERE id = 1")) {
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

    // ---- JDBC plumbing

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    @FunctionalInterface
    private interface RowMapper<T> {
        T map(ResultSet row) throws SQLException;
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private int update(String sql, Binder binder) {
        return guarded(() -> {
            try (Connection connection = dataSource.getConnection();
                 PreparedStatement statement = connection.prepareStatement(sql)) {
                binder.bind(statement);
                return statement.executeUpdate();
            }
        });
    }

    private <T> List<T> query(String sql, Binder binder, RowMapper<T> mapper) {
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

    private <T> T inTransaction(Work<T> work) {
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

    @FunctionalInterface
    private interface Call<T> {
        T run() throws SQLException;
    }

    /**
     * Runs one registry call through the breaker: refused at once while it is open; a connection
     * failure opens it; an SQL error that is not about the connection shows the database answered.
     */
    private <T> T guarded(Call<T> call) {
        if (!breaker.tryAcquirePermission()) {
            throw new RegistryUnavailableException("labelgate registry unreachable; next attempt within "
                    + RETRY_INTERVAL.toMillis() + " ms");
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
        return e instanceof SQLTransientConnectionException || e instanceof SQLNonTransientConnectionException
                || e instanceof SQLRecoverableException || (e.getSQLState() != null && e.getSQLState().startsWith("08"));
    }

    private static RegistryUnavailableException unavailable(SQLException e) {
        return new RegistryUnavailableException("labelgate registry failed: " + e.getMessage(), e);
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet row, String column) throws SQLException {
        OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static String json(Map<String, String> labels) throws SQLException {
        try {
            return JSON.writeValueAsString(new TreeMap<>(labels));
        } catch (JsonProcessingException e) {
            throw new SQLException("cannot write labels as JSON", e);
        }
    }
}
