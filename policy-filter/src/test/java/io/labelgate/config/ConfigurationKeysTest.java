package io.labelgate.config;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The table of README.md's "Configuration" section is the one list of labelgate's keys: every key
 * the code reads is in it, every key in it is read, and the environment variables it names are the
 * ones MicroProfile Config maps those keys to.
 */
class ConfigurationKeysTest {

    /** The module's tests run in {@code policy-filter}. */
    private static final Path README = Path.of("../README.md");

    private static final Pattern KEY_CELL = Pattern.compile("`(labelgate\\.[a-z0-9.-]+)`");
    private static final Pattern ENV_NOTE = Pattern.compile("env `([A-Z0-9_]+)`");

    /**
     * Configurations that between them take every branch of {@link LabelgateConfig#load}, so that a
     * key read only in one of them is still seen: no key set, every key set, the remote engine, and
     * no app name (the context root's).
     */
    private static List<Map<String, String>> everyBranch() {
        Map<String, String> remote = new HashMap<>(LabelgateConfigTest.everyKey());
        remote.put("labelgate.engine", "remote");
        Map<String, String> unnamed = new HashMap<>(LabelgateConfigTest.everyKey());
        unnamed.remove("labelgate.app.name");
        return List.of(Map.of("labelgate.app.region", "GRA"), LabelgateConfigTest.everyKey(), remote, unnamed);
    }

    /** Every key {@link LabelgateConfig#load} asks its lookup for, over {@link #everyBranch()}. */
    private static Set<String> keysRead() {
        Set<String> read = new TreeSet<>();
        for (Map<String, String> values : everyBranch()) {
            LabelgateConfig.load(
                    key -> {
                        read.add(key);
                        return Optional.ofNullable(values.get(key));
                    },
                    "ai-app");
        }
        return read;
    }

    /** The table's rows by key, each the whole row. */
    private static Map<String, String> readmeRows() throws IOException {
        List<String> lines = Files.readAllLines(README, StandardCharsets.UTF_8);
        int heading = lines.indexOf("## Configuration");
        assertTrue(heading >= 0, "README.md has a \"## Configuration\" section");
        List<String> table = new ArrayList<>();
        for (String line : lines.subList(heading + 1, lines.size())) {
            if (line.startsWith("|")) {
                table.add(line);
            } else if (!table.isEmpty()) {
                break;
            }
        }
        assertTrue(table.size() > 2, "the Configuration section starts with a table");
        Map<String, String> rows = new LinkedHashMap<>();
        // past the header and its separator, one key in backticks per row
        for (String row : table.subList(2, table.size())) {
            String firstCell = row.substring(1, row.indexOf('|', 1)).strip();
            Matcher key = KEY_CELL.matcher(firstCell);
            if (!key.matches()) {
                fail("a row of README.md's Configuration table names one key, in backticks: " + row);
            }
            if (rows.put(key.group(1), row) != null) {
                fail("README.md's Configuration table lists " + key.group(1) + " twice");
            }
        }
        return rows;
    }

    @Test
    void everyKeyTheCodeReadsIsInTheReadmeTable() throws IOException {
        Set<String> missing = keysRead();
        missing.removeAll(readmeRows().keySet());

        assertEquals(Set.of(), missing, "read by LabelgateConfig, missing from README.md's Configuration table");
    }

    @Test
    void everyKeyInTheReadmeTableIsRead() throws IOException {
        Set<String> unread = new TreeSet<>(readmeRows().keySet());
        unread.removeAll(keysRead());

        assertEquals(Set.of(), unread, "in README.md's Configuration table, never read by LabelgateConfig");
    }

    @Test
    void theEveryKeyConfigurationOfTheConfigTestSetsEveryKeyTheCodeReads() {
        assertEquals(keysRead(), new TreeSet<>(LabelgateConfigTest.everyKey().keySet()));
    }

    @Test
    void anEnvironmentVariableInTheTableIsTheOneMicroProfileConfigReadsForItsKey() throws IOException {
        for (Map.Entry<String, String> row : readmeRows().entrySet()) {
            Matcher env = ENV_NOTE.matcher(row.getValue());
            while (env.find()) {
                // MicroProfile Config: every character not a letter or digit becomes '_', then upper case
                assertEquals(
                        row.getKey().replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT),
                        env.group(1),
                        row.getValue());
            }
        }
    }
}
