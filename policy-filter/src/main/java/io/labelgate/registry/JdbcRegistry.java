package io.labelgate.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.labelgate.json.Json;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

import javax.sql.DataSource;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.logging.Logger;

import static io.labelgate.registry.Jdbc.appendChange;
import static io.labelgate.registry.Jdbc.instant;
import static io.labelgate.registry.Jdbc.json;
import static io.labelgate.registry.Jdbc.timestamp;

/**
 * The registry over JDBC: PostgreSQL in production, or the container's default DataSource (H2 on
 * Payara and WildFly). The schema is created and migrated by Flyway from
 * {@code io/labelgate/registry/migration}; on PostgreSQL Flyway holds an advisory lock while it
 * migrates, so nodes starting together migrate once.
 *
 * <p>Every write is one statement or one transaction: a failure leaves nothing half-written.
 * Every write that affects decisions appends a {@link Change} to the change feed in the same
 * transaction (and, on PostgreSQL, announces it with {@code NOTIFY labelgate_changes}).
 * Apps, signing keys and browser sessions are written here; tokens by {@link JdbcTokens}; the
 * feed is read by {@link JdbcChangeFeed}; the audit trail by {@link JdbcAudit} (a change's entry
 * in the change's transaction); all of them through {@link Jdbc}, the one database behind the
 * breaker below.
 *
 * <p>A database that cannot be reached fails fast: after one connection failure a circuit
 * breaker refuses every call at once for {@link #RETRY_INTERVAL}, then lets one call through to
 * try again. Without it, requests would queue behind each other's connection timeouts (callers
 * such as the revocation cache load one key at a time), and a registry outage would stall the
 * server instead of answering 503.
 */
public final class JdbcRegistry
        implements TokenRegistry, AppRegistry, SigningKeyRegistry, SessionRegistry, ChangeFeed, AuditTrail {

    private static final ObjectMapper JSON = Json.mapper();
    private static final TypeReference<TreeMap<String, String>> LABELS = new TypeReference<>() {};

    private static final Logger LOG = Logger.getLogger(JdbcRegistry.class.getName());
    private static final int MIGRATION_ATTEMPTS = 5;
    private static final Duration MIGRATION_RETRY = Duration.ofMillis(500);

    /** How long the registry is not asked again after a connection failure. */
    static final Duration RETRY_INTERVAL = Duration.ofSeconds(1);

    private final Jdbc jdbc;
    private final JdbcTokens tokens;
    private final JdbcChangeFeed feed;
    private final JdbcAudit audit;

    private JdbcRegistry(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource, RETRY_INTERVAL);
        this.tokens = new JdbcTokens(jdbc);
        this.feed = new JdbcChangeFeed(jdbc, new Announcements(dataSource));
        this.audit = new JdbcAudit(jdbc);
    }

    /** Whether the registry answered its last call (the breaker is not open): for health checks. */
    @Override
    public boolean reachable() {
        return jdbc.reachable();
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
                    throw new RegistryUnavailableException(
                            "cannot migrate the labelgate registry schema: " + e.getMessage(), e);
                }
                LOG.fine(
                        () -> "labelgate: migrating the registry schema failed (" + e.getMessage() + "); trying again");
                try {
                    Thread.sleep(MIGRATION_RETRY.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new RegistryUnavailableException("interrupted while migrating the registry schema", e);
                }
            }
        }
    }

    // ---- audit trail

    @Override
    public void record(AuditEvent event) {
        audit.record(event);
    }

    @Override
    public Page entries(AuditQuery query) {
        return audit.entries(query);
    }

    @Override
    public int pruneAudit(Instant before) {
        return audit.pruneAudit(before);
    }

    // ---- tokens

    @Override
    public void insert(TokenRecord token, Actor by) {
        tokens.insert(token, by);
    }

    @Override
    public TokenRecord replace(TokenRecord token, Actor by) {
        return tokens.replace(token, by);
    }

    @Override
    public Optional<TokenRecord> find(String id) {
        return tokens.find(id);
    }

    @Override
    public List<TokenRecord> list() {
        return tokens.list();
    }

    @Override
    public Optional<TokenRecord> incrementGeneration(String id, Actor by) {
        return tokens.incrementGeneration(id, by);
    }

    @Override
    public boolean delete(String id, Actor by) {
        return tokens.delete(id, by);
    }

    @Override
    public void touch(String id, Instant usedAt) {
        tokens.touch(id, usedAt);
    }

    // ---- apps

    @Override
    public void register(AppRecord app) {
        jdbc.inTransaction(connection -> {
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
                        + "(id, name, region, labels, base_url, status, registered_at, updated_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
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
        return jdbc
                .query(
                        "SELECT * FROM labelgate_app WHERE id = ?",
                        statement -> statement.setString(1, id.toString()),
                        JdbcRegistry::app)
                .stream()
                .findFirst();
    }

    @Override
    public List<AppRecord> apps() {
        return jdbc.query("SELECT * FROM labelgate_app ORDER BY name, id", statement -> {}, JdbcRegistry::app);
    }

    @Override
    public boolean setStatus(UUID id, AppStatus status, Instant at, Actor by) {
        return jdbc.changing(
                        Change.Kind.APP,
                        id.toString(),
                        AuditEvent.of(by, appAction(status), id.toString()),
                        "UPDATE labelgate_app SET status = ?, updated_at = ? WHERE id = ?",
                        statement -> {
                            statement.setString(1, status.wireName());
                            statement.setObject(2, timestamp(at));
                            statement.setString(3, id.toString());
                        })
                > 0;
    }

    private static AuditAction appAction(AppStatus status) {
        return switch (status) {
            case RUNNING -> AuditAction.APP_STARTED;
            case STOPPED -> AuditAction.APP_STOPPED;
            case DELETED -> AuditAction.APP_DELETED;
        };
    }

    private static AppRecord app(ResultSet row) throws SQLException {
        Map<String, String> labels;
        try {
            labels = JSON.readValue(row.getString("labels"), LABELS);
        } catch (JsonProcessingException e) {
            throw new SQLException("labelgate_app.labels is not a JSON object of strings", e);
        }
        return new AppRecord(
                UUID.fromString(row.getString("id")),
                row.getString("name"),
                row.getString("region"),
                labels,
                row.getString("base_url"),
                AppStatus.fromWireName(row.getString("status"))
                        .orElseThrow(() -> new SQLException("unknown status in labelgate_app")),
                instant(row, "registered_at"),
                instant(row, "updated_at"));
    }

    // ---- signing keys

    @Override
    public List<StoredSigningKey> signingKeys() {
        return jdbc.query(
                "SELECT * FROM labelgate_signing_key ORDER BY created_at DESC, kid",
                statement -> {},
                row -> new StoredSigningKey(
                        row.getString("kid"),
                        row.getString("algorithm"),
                        row.getString("public_jwk"),
                        row.getString("private_jwk_encrypted"),
                        instant(row, "created_at"),
                        instant(row, "retired_at")));
    }

    @Override
    public void insert(StoredSigningKey key, Actor by) {
        jdbc.changing(
                Change.Kind.KEY,
                key.kid(),
                AuditEvent.of(by, AuditAction.KEY_ROTATED, key.kid(), key.algorithm()),
                "INSERT INTO labelgate_signing_key (kid, algorithm, public_jwk, "
                        + "private_jwk_encrypted, created_at, retired_at) VALUES (?, ?, ?, ?, ?, ?)",
                statement -> {
                    statement.setString(1, key.kid());
                    statement.setString(2, key.algorithm());
                    statement.setString(3, key.publicJwk());
                    statement.setString(4, key.encryptedPrivateJwk());
                    statement.setObject(5, timestamp(key.createdAt()));
                    statement.setObject(6, timestamp(key.retiredAt()));
                });
    }

    @Override
    public boolean retire(String kid, Instant at, Actor by) {
        return jdbc.changing(
                        Change.Kind.KEY,
                        kid,
                        AuditEvent.of(by, AuditAction.KEY_RETIRED, kid),
                        "UPDATE labelgate_signing_key SET retired_at = ? WHERE kid = ? " + "AND retired_at IS NULL",
                        statement -> {
                            statement.setObject(1, timestamp(at));
                            statement.setString(2, kid);
                        })
                > 0;
    }

    // ---- browser sessions

    @Override
    public void insert(BrowserSession session) {
        jdbc.update(INSERT_SESSION, statement -> bindSession(statement, session));
    }

    @Override
    public void insert(BrowserSession session, AuditEvent audit) {
        jdbc.inTransaction(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(INSERT_SESSION)) {
                bindSession(insert, session);
                insert.executeUpdate();
            }
            JdbcAudit.append(connection, audit);
            return null;
        });
    }

    private static final String INSERT_SESSION =
            "INSERT INTO labelgate_session (id_hash, token_id, generation, csrf, created_at, expires_at, "
                    + "token_kid, admin_name) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

    private static void bindSession(PreparedStatement statement, BrowserSession session) throws SQLException {
        statement.setString(1, session.idHash());
        statement.setString(2, session.tokenId());
        statement.setLong(3, session.generation());
        statement.setString(4, session.csrf());
        statement.setObject(5, timestamp(session.createdAt()));
        statement.setObject(6, timestamp(session.expiresAt()));
        statement.setString(7, session.kid());
        statement.setString(8, session.adminName());
    }

    @Override
    public Optional<BrowserSession> findSession(String idHash) {
        return jdbc
                .query(
                        "SELECT * FROM labelgate_session WHERE id_hash = ?",
                        statement -> statement.setString(1, idHash),
                        row -> new BrowserSession(
                                row.getString("id_hash"),
                                row.getString("token_id"),
                                row.getLong("generation"),
                                row.getString("token_kid"),
                                row.getString("csrf"),
                                instant(row, "created_at"),
                                instant(row, "expires_at"),
                                row.getString("admin_name")))
                .stream()
                .findFirst();
    }

    @Override
    public void deleteSession(String idHash) {
        jdbc.changing(
                Change.Kind.SESSION,
                idHash,
                "DELETE FROM labelgate_session WHERE id_hash = ?",
                statement -> statement.setString(1, idHash));
    }

    @Override
    public int deleteExpiredSessions(Instant now) {
        return jdbc.update(
                "DELETE FROM labelgate_session WHERE expires_at < ?",
                statement -> statement.setObject(1, timestamp(now)));
    }

    // ---- the change feed

    @Override
    public Changes changesAfter(long seq, int limit) {
        return feed.changesAfter(seq, limit);
    }

    @Override
    public long head() {
        return feed.head();
    }

    @Override
    public int pruneChanges(Instant before) {
        return feed.pruneChanges(before);
    }

    @Override
    public void awaitAnnouncement(Duration timeout) throws InterruptedException {
        feed.awaitAnnouncement(timeout);
    }

    @Override
    public void stopAwaiting() {
        feed.stopAwaiting();
    }
}
