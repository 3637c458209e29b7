package io.labelgate.registry;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The reading side of the change feed over JDBC, for {@link JdbcRegistry}: pages of changes after
 * a sequence (with the gap a pruning leaves), the head, pruning, and waiting for announcements.
 * The writing side is {@link Jdbc#appendChange}, inside each write's own transaction.
 */
final class JdbcChangeFeed implements ChangeFeed {

    private final Jdbc jdbc;
    private final Announcements announcements;

    JdbcChangeFeed(Jdbc jdbc, Announcements announcements) {
        this.jdbc = jdbc;
        this.announcements = announcements;
    }

    @Override
    public Changes changesAfter(long seq, int limit) {
        // one round trip per read: the head comes with the page, so an idle node pays one query
        return pageOf(
                jdbc.query(
                        "SELECT h.seq AS head, c.seq, c.kind, c.subject FROM labelgate_feed_head h "
                                + "LEFT JOIN labelgate_change c ON c.seq > ? WHERE h.id = 1 ORDER BY c.seq",
                        statement -> {
                            statement.setLong(1, seq);
                            statement.setMaxRows(limit);
                        },
                        row -> {
                            String kind = row.getString("kind");
                            Change change = kind == null
                                    ? null
                                    : new Change(
                                            row.getLong("seq"),
                                            Change.Kind.fromWireName(kind)
                                                    .orElseThrow(() -> new SQLException("unknown change kind " + kind)),
                                            row.getString("subject"));
                            return new FeedRow(row.getLong("head"), change);
                        }),
                seq);
    }

    /** A row of a feed read: the head, and a change after the asked sequence or none. */
    private record FeedRow(long head, Change change) {}

    /**
     * Sequences commit in order and never leave a hole: a first change past {@code seq + 1}, or
     * none at all with a head past {@code seq}, means the changes between were pruned.
     */
    private static Changes pageOf(List<FeedRow> rows, long seq) {
        if (rows.isEmpty()) {
            throw new RegistryUnavailableException("labelgate_feed_head has no row: the schema is not migrated");
        }
        long head = rows.get(0).head();
        List<Change> changes =
                rows.stream().map(FeedRow::change).filter(Objects::nonNull).toList();
        boolean gap = changes.isEmpty() ? head > seq : changes.get(0).seq() != seq + 1;
        return new Changes(changes, gap);
    }

    @Override
    public long head() {
        return jdbc.connected(Jdbc::head);
    }

    @Override
    public int pruneChanges(Instant before) {
        // the newest change stays: a reader that applied it must not mistake its absence for a gap
        return jdbc.update(
                "DELETE FROM labelgate_change WHERE changed_at < ? "
                        + "AND seq < (SELECT seq FROM labelgate_feed_head WHERE id = 1)",
                statement -> statement.setObject(1, Jdbc.timestamp(before)));
    }

    @Override
    public void awaitAnnouncement(Duration timeout) throws InterruptedException {
        announcements.await(timeout);
    }

    @Override
    public void stopAwaiting() {
        announcements.close();
    }
}
