package io.labelgate.registry;

import io.labelgate.token.Role;
import io.labelgate.token.SharedSelectors;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static io.labelgate.registry.Jdbc.appendChange;
import static io.labelgate.registry.Jdbc.instant;
import static io.labelgate.registry.Jdbc.timestamp;

/**
 * The token table ({@code labelgate_token}) over JDBC, for {@link JdbcRegistry}: each write one
 * statement or one transaction through {@link Jdbc}, with its {@link Change} appended in it, except
 * {@link #touch}, which decides nothing.
 */
final class JdbcTokens implements TokenRegistry {

    private static final String TOKEN_COLUMNS =
            "id, name, selector, all_apps, role, region, generation, created_at, expires_at, last_used_at";

    private final Jdbc jdbc;

    JdbcTokens(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void insert(TokenRecord token, Actor by) {
        jdbc.changing(
                Change.Kind.TOKEN,
                token.id(),
                AuditEvent.of(by, AuditAction.TOKEN_CREATED, token.id(), TokenService.summary(token)),
                "INSERT INTO labelgate_token (" + TOKEN_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                statement -> bindToken(statement, token));
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
    public TokenRecord replace(TokenRecord token, Actor by) {
        return jdbc.inTransaction(connection -> {
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
                    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO labelgate_token ("
                            + TOKEN_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                        bindToken(insert, token);
                        insert.executeUpdate();
                    }
                }
            }
            appendChange(connection, Change.Kind.TOKEN, token.id());
            JdbcAudit.append(
                    connection, AuditEvent.of(by, AuditAction.TOKEN_REPLACED, token.id(), TokenService.summary(token)));
            return readToken(connection, token.id())
                    .orElseThrow(() -> new SQLException("token " + token.id() + " vanished while it was replaced"));
        });
    }

    @Override
    public Optional<TokenRecord> find(String id) {
        return jdbc
                .query(
                        "SELECT " + TOKEN_COLUMNS + " FROM labelgate_token WHERE id = ?",
                        statement -> statement.setString(1, id),
                        JdbcTokens::token)
                .stream()
                .findFirst();
    }

    @Override
    public List<TokenRecord> list() {
        return jdbc.query(
                "SELECT " + TOKEN_COLUMNS + " FROM labelgate_token ORDER BY created_at DESC, id",
                statement -> {},
                JdbcTokens::token);
    }

    @Override
    public Optional<TokenRecord> incrementGeneration(String id, Actor by) {
        return jdbc.inTransaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE labelgate_token SET generation = generation + 1 WHERE id = ?")) {
                update.setString(1, id);
                if (update.executeUpdate() == 0) {
                    return Optional.empty();
                }
            }
            appendChange(connection, Change.Kind.TOKEN, id);
            Optional<TokenRecord> token = readToken(connection, id);
            JdbcAudit.append(
                    connection,
                    AuditEvent.of(
                            by,
                            AuditAction.TOKEN_REGENERATED,
                            id,
                            "generation " + token.map(TokenRecord::generation).orElse(0L)));
            return token;
        });
    }

    /** A token as the caller's transaction sees it. */
    private static Optional<TokenRecord> readToken(Connection connection, String id) throws SQLException {
        try (PreparedStatement select =
                connection.prepareStatement("SELECT " + TOKEN_COLUMNS + " FROM labelgate_token WHERE id = ?")) {
            select.setString(1, id);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(token(rows)) : Optional.empty();
            }
        }
    }

    @Override
    public boolean delete(String id, Actor by) {
        return jdbc.changing(
                        Change.Kind.TOKEN,
                        id,
                        AuditEvent.of(by, AuditAction.TOKEN_DELETED, id),
                        "DELETE FROM labelgate_token WHERE id = ?",
                        statement -> statement.setString(1, id))
                > 0;
    }

    @Override
    public void touch(String id, Instant usedAt) {
        jdbc.update("UPDATE labelgate_token SET last_used_at = ? WHERE id = ?", statement -> {
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
}
