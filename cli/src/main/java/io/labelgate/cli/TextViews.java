package io.labelgate.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.PrintWriter;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** The text output of the token commands: what people read. {@code --output json} bypasses it. */
final class TextViews {

    /** Widest default table, in characters: an 80-column terminal. */
    static final int WIDTH = 80;
    /** Characters of a token id the default table shows. */
    static final int SHORT_ID = 8;

    /** The default table's columns; name, region and selector are cut to fit ({@link #SHRINKABLE}). */
    private static final String[] COLUMNS = {"NAME", "ID", "ROLE", "REGION", "SELECTOR", "EXPIRES", "LAST USED (UTC)"};

    private static final int[] SHRINKABLE = {0, 3, 4};
    /** {@code --wide}: every field in full. */
    private static final String[] WIDE_COLUMNS = {
        "ID", "NAME", "SELECTOR", "ROLE", "REGION", "CREATED", "EXPIRES", "LAST USED"
    };

    /** Marks a token expiring within the server's warning window. */
    static final String SOON = "!";

    private static final DateTimeFormatter MINUTE =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm").withZone(ZoneOffset.UTC);

    private TextViews() {}

    /** The server's JSON, byte for byte, ending with a newline. */
    static void raw(PrintWriter out, String body) {
        out.print(body);
        if (!body.endsWith("\n")) {
            out.println();
        }
        out.flush();
    }

    /** The answer of create or regenerate: a short summary, then the token string alone on the last line. */
    static void issued(PrintWriter out, String verb, JsonNode token, String string) {
        out.println(verb + " token " + field(token, "id") + " \"" + field(token, "name") + "\": role "
                + field(token, "role") + ", region " + field(token, "region") + ", " + scope(token)
                + ", expires " + orNever(token, "expiresAt") + ".");
        out.println("The token is shown only this once; store it now:");
        out.println(string);
        out.flush();
    }

    /**
     * A table of the list answer, one token a row in the server's order (newest first), columns
     * padded to the widest cell. By default it fits {@link #WIDTH} columns: {@link #COLUMNS}, the id
     * cut to {@link #SHORT_ID} characters, the expiry as the last day it works and the last use to
     * the minute, both UTC, and the name, region and selector cut with … as far as needed (widest
     * first). {@code wide}: {@link #WIDE_COLUMNS}, every value in full. A token expiring within the
     * server's warning window has {@link #SOON} after its expiry, explained under the table.
     */
    static void tokenTable(PrintWriter out, JsonNode tokens, boolean wide) {
        if (tokens.isEmpty()) {
            out.println("No tokens.");
            out.flush();
            return;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(wide ? WIDE_COLUMNS : COLUMNS);
        for (JsonNode token : tokens) {
            rows.add(
                    wide
                            ? new String[] {
                                field(token, "id"),
                                field(token, "name"),
                                selector(token),
                                field(token, "role"),
                                field(token, "region"),
                                field(token, "createdAt"),
                                orNever(token, "expiresAt") + soon(token),
                                orNever(token, "lastUsedAt")
                            }
                            : new String[] {
                                field(token, "name"),
                                shortId(token),
                                field(token, "role"),
                                field(token, "region"),
                                selector(token),
                                lastDay(token, "expiresAt") + soon(token),
                                minute(token, "lastUsedAt")
                            });
        }
        int[] widths = widths(rows);
        if (!wide) {
            fit(widths);
        }
        print(out, rows, widths);
        for (JsonNode token : tokens) {
            if (token.path("expiringSoon").asBoolean(false)) {
                out.println(SOON + " expires within the warning window (labelgate.tokens.expiry-warning)");
                out.flush();
                break;
            }
        }
    }

    /** The mark after the expiry of a token the server says is expiring soon ({@code expiringSoon}). */
    private static String soon(JsonNode token) {
        return token.path("expiringSoon").asBoolean(false) ? " " + SOON : "";
    }

    /** Rows in columns as wide as their widest cell, two spaces apart; the first row is the header. */
    static void table(PrintWriter out, List<String[]> rows) {
        print(out, rows, widths(rows));
    }

    private static int[] widths(List<String[]> rows) {
        int[] widths = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], length(row[i]));
            }
        }
        return widths;
    }

    private static void print(PrintWriter out, List<String[]> rows, int[] widths) {
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                String cell = cut(row[i], widths[i]);
                line.append(cell);
                if (i < row.length - 1) {
                    line.append(" ".repeat(widths[i] - length(cell) + 2));
                }
            }
            out.println(line.toString().stripTrailing());
        }
        out.flush();
    }

    /** Narrows the widest shrinkable column, one character at a time, until the table fits {@link #WIDTH}. */
    private static void fit(int[] widths) {
        int total = 2 * (widths.length - 1);
        for (int width : widths) {
            total += width;
        }
        while (total > WIDTH) {
            int widest = -1;
            for (int column : SHRINKABLE) {
                if (widths[column] > COLUMNS[column].length() && (widest < 0 || widths[column] > widths[widest])) {
                    widest = column;
                }
            }
            if (widest < 0) {
                return;
            }
            widths[widest]--;
            total--;
        }
    }

    /** The first {@code width} characters, the last of them … when something was cut. */
    private static String cut(String text, int width) {
        if (length(text) <= width) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, width - 1)) + "…";
    }

    private static int length(String text) {
        return text.codePointCount(0, text.length());
    }

    private static String shortId(JsonNode token) {
        String id = field(token, "id");
        return length(id) <= SHORT_ID ? id : id.substring(0, id.offsetByCodePoints(0, SHORT_ID));
    }

    /**
     * The last day (UTC) on which the token works: a date given to {@code --expires-at} or the
     * Tokens page reads back as itself (2030-01-31 is stored as 2030-02-01T00:00:00Z).
     */
    private static String lastDay(JsonNode token, String name) {
        Instant instant = instant(token, name);
        return instant == null
                ? orNever(token, name)
                : LocalDate.ofInstant(instant.minusNanos(1), ZoneOffset.UTC).toString();
    }

    /** The time to the minute, UTC: {@code 2025-03-01 10:00}. */
    private static String minute(JsonNode token, String name) {
        Instant instant = instant(token, name);
        return instant == null ? orNever(token, name) : MINUTE.format(instant);
    }

    /** The field as an instant, or {@code null} when absent or not one (then shown as it is). */
    private static Instant instant(JsonNode token, String name) {
        String value = Json.text(token, name);
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** One token's metadata, a field a line. */
    static void tokenDetails(PrintWriter out, JsonNode token) {
        out.println("id:         " + field(token, "id"));
        out.println("name:       " + field(token, "name"));
        out.println("selector:   " + selector(token));
        out.println("role:       " + field(token, "role"));
        out.println("region:     " + field(token, "region"));
        out.println("generation: "
                + (token.has("generation") ? token.get("generation").asText() : "-"));
        out.println("created:    " + field(token, "createdAt"));
        out.println("expires:    " + orNever(token, "expiresAt"));
        out.println("last used:  " + orNever(token, "lastUsedAt"));
        out.flush();
    }

    private static String scope(JsonNode token) {
        return isAllApps(token) ? "all apps" : "selector " + field(token, "selector");
    }

    private static String selector(JsonNode token) {
        return isAllApps(token) ? "(all apps)" : field(token, "selector");
    }

    private static boolean isAllApps(JsonNode token) {
        JsonNode allApps = token.get("allApps");
        return allApps != null && allApps.isBoolean() && allApps.booleanValue();
    }

    private static String orNever(JsonNode token, String name) {
        String value = Json.text(token, name);
        return value == null ? "never" : OneLine.of(value);
    }

    private static String field(JsonNode token, String name) {
        String value = Json.text(token, name);
        return value == null || value.isEmpty() ? "-" : OneLine.of(value);
    }
}
