package io.labelgate.registry;

import org.postgresql.PGConnection;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Waits for the change feed's announcements: on PostgreSQL a connection of its own that
 * {@code LISTEN}s on {@value #CHANNEL}, so a change made on another node is read within
 * milliseconds; on other databases (H2), or when that connection cannot be had, a plain wait, so
 * the feed is still read once per interval. Used by one thread at a time (the feed's follower).
 */
final class Announcements implements AutoCloseable {

    /** The channel every change is announced on. */
    static final String CHANNEL = "labelgate_changes";

    private static final Logger LOG = Logger.getLogger(Announcements.class.getName());

    private final DataSource dataSource;
    private Connection connection;
    private PGConnection listening;
    private volatile boolean closed;

    Announcements(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Whether the connection is to PostgreSQL, whose NOTIFY announces changes. */
    static boolean isPostgres(Connection connection) throws SQLException {
        return connection
                .getMetaData()
                .getDatabaseProductName()
                .toLowerCase(Locale.ROOT)
                .contains("postgresql");
    }

    /** Waits until an announcement arrives or the timeout passes. */
    void await(Duration timeout) throws InterruptedException {
        int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        PGConnection pg = closed ? null : listener();
        if (pg == null) {
            Thread.sleep(millis);
            return;
        }
        try {
            // 0 would wait for ever: millis is at least 1
            pg.getNotifications(millis);
        } catch (SQLException e) {
            LOG.log(Level.FINE, "labelgate: lost the connection that listens for registry changes", e);
            drop();
            Thread.sleep(millis);
        }
    }

    private PGConnection listener() {
        if (listening != null) {
            return listening;
        }
        Connection opened = null;
        try {
            opened = dataSource.getConnection();
            if (!isPostgres(opened) || !opened.isWrapperFor(PGConnection.class)) {
                opened.close();
                return null;
            }
            opened.setAutoCommit(true);
            try (Statement listen = opened.createStatement()) {
                listen.execute("LISTEN " + CHANNEL);
            }
            connection = opened;
            listening = opened.unwrap(PGConnection.class);
            return listening;
        } catch (SQLException | LinkageError e) {
            // no PostgreSQL driver visible to labelgate, or the registry is down: wait plainly
            LOG.log(Level.FINE, "labelgate: cannot listen for registry changes; reading the feed by interval", e);
            closeQuietly(opened);
            return null;
        }
    }

    private void drop() {
        closeQuietly(connection);
        connection = null;
        listening = null;
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.log(Level.FINE, "labelgate: closing the listening connection failed", e);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        // wakes a follower blocked in getNotifications
        closeQuietly(connection);
    }
}
