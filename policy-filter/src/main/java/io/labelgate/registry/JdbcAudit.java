package io.labelgate.registry;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import static io.labelgate.registry.Jdbc.instant;
import static io.labelgate.registry.Jdbc.timestamp;

/**
 * The audit table ({@code labelgate_audit}) over JDBC, for {@link JdbcRegistry}: {@link #append}
 * writes a change's entry in the change's transaction; {@link #record} writes one alone.
 */
final class JdbcAudit implements AuditTrail {

    private final Jdbc jdbc;

    JdbcAudit(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** Writes the entry in the caller's transaction. */
    static void append(Connection connection, AuditEvent event) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO labelgate_audit "
                + "(at, actor_kind, actor, source, action, target, outcome, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setObject(1, timestamp(Instant.now().truncatedTo(ChronoUnit.MILLIS)));
            insert.setString(2, event.actor().kind().wireName());
            insert.setString(3, event.actor().name());
            insert.setString(4, event.actor().address().orElse(null));
            insert.setString(5, event.action().wireName());
            insert.setString(6, event.target());
            insert.setString(7, AuditEntry.Outcome.of(event.action()).wireName());
            insert.setString(8, event.detail().orElse(null));
            insert.executeUpdate();
        }
    }

    @Override
    public void record(AuditEvent event) {
        jdbc.inTransaction(connection -> {
            append(connection, event);
            return null;
        });
    }

    @Override
    public Page entries(AuditQuery query) {
        StringBuilder sql = new StringBuilder("SELECT * FROM labelgate_audit WHERE 1 = 1");
        List<Object> values = new ArrayList<>();
        query.since().ifPresent(since -> {
            sql.append(" AND at >= ?");
            values.add(timestamp(since));
        });
        query.actor().ifPresent(actor -> {
            sql.append(" AND actor = ?");
            values.add(actor);
        });
        query.target().ifPresent(target -> {
            sql.append(" AND target = ?");
            values.add(target);
        });
        query.action().ifPresent(action -> {
            sql.append(" AND action = ?");
            values.add(action.wireName());
        });
        query.before().ifPresent(before -> {
            sql.append(" AND id < ?");
            values.add(before);
        });
        // one more than the page: whether there is a next page without counting
        sql.append(" ORDER BY id DESC FETCH FIRST ").append(query.limit() + 1).append(" ROWS ONLY");
        List<AuditEntry> rows = jdbc.query(
                sql.toString(),
                statement -> {
                    for (int i = 0; i < values.size(); i++) {
                        statement.setObject(i + 1, values.get(i));
                    }
                },
                JdbcAudit::entry);
        if (rows.size() <= query.limit()) {
            return new Page(rows, OptionalLong.empty());
        }
        List<AuditEntry> page = rows.subList(0, query.limit());
        return new Page(page, OptionalLong.of(page.get(page.size() - 1).id()));
    }

    @Override
    public int pruneAudit(Instant before) {
        return jdbc.update(
                "DELETE FROM labelgate_audit WHERE at < ?", statement -> statement.setObject(1, timestamp(before)));
    }

    private static AuditEntry entry(ResultSet row) throws SQLException {
        Actor actor = new Actor(
                Actor.Kind.fromWireName(row.getString("actor_kind"))
                        .orElseThrow(() -> new SQLException("unknown actor_kind in labelgate_audit")),
                row.getString("actor"),
                Optional.ofNullable(row.getString("source")));
        AuditAction action = AuditAction.fromWireName(row.getString("action"))
                .orElseThrow(() -> new SQLException("unknown action in labelgate_audit"));
        AuditEntry.Outcome outcome = AuditEntry.Outcome.fromWireName(row.getString("outcome"))
                .orElseThrow(() -> new SQLException("unknown outcome in labelgate_audit"));
        return new AuditEntry(
                row.getLong("id"),
                instant(row, "at"),
                new AuditEvent(actor, action, row.getString("target"), Optional.ofNullable(row.getString("detail"))),
                outcome);
    }
}
