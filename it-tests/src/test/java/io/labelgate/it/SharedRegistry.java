package io.labelgate.it;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The real PostgreSQL that scripts/test.sh starts on 127.0.0.1 (system property
 * {@code labelgate.it.postgres.url}), shared by several Payara Micro nodes as production would.
 */
final class SharedRegistry {

    static final String USER = "labelgate";
    static final String PASSWORD = "labelgate";
    /** Test-only key that encrypts the registry's signing keys. */
    static final String ENCRYPTION_KEY = "bGFiZWxnYXRlLWl0LXRlc3RzLW9ubHktMzItYnl0ZXM=";

    private SharedRegistry() {}

    static String url() {
        String url = System.getProperty("labelgate.it.postgres.url");
        if (url == null || url.isBlank() || url.startsWith("${")) {
            throw new IllegalStateException("these tests need PostgreSQL: run them with scripts/test.sh, which starts "
                    + "one and passes -Dlabelgate.it.postgres.url");
        }
        return url;
    }

    /** Empties the database (schema public recreated), so a test class starts from an empty registry. */
    static void reset() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url(), USER, PASSWORD);
                Statement statement = connection.createStatement()) {
            // the labelgate database's owner owns schema public (PostgreSQL 15): start from nothing
            statement.execute("DROP SCHEMA public CASCADE");
            statement.execute("CREATE SCHEMA public");
        }
    }

    /** System properties of a node of app {@code appName} on the shared registry, in production mode. */
    static List<String> nodeProperties(String... extra) {
        return nodePropertiesOn(url(), extra);
    }

    /** The same, on the registry at {@code jdbcUrl} (a PostgreSQL of the test's own). */
    static List<String> nodePropertiesOn(String jdbcUrl, String... extra) {
        List<String> properties = new ArrayList<>(List.of(
                "labelgate.data-dir=" + Path.of(System.getProperty("labelgate.it.data.dir")),
                "labelgate.registry.jdbc-url=" + jdbcUrl,
                "labelgate.registry.user=" + USER,
                "labelgate.registry.password=" + PASSWORD,
                "labelgate.keys.encryption-key=" + ENCRYPTION_KEY,
                "labelgate.admin.secret=" + AdminApi.SECRET,
                "labelgate.demo.enabled=false"));
        properties.addAll(List.of(extra));
        return properties;
    }
}
