package io.labelgate.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** The text output of the token commands: what people read. {@code --output json} bypasses it. */
final class TextViews {

    private static final String[] COLUMNS = {"ID", "NAME", "SELECTOR", "ROLE", "REGION", "CREATED", "EXPIRES", "LAST USED"};

    private TextViews() {
    }

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

    /** A table of the list answer, one token a row, columns padded to the widest cell. */
    static void tokenTable(PrintWriter out, JsonNode tokens) {
        if (tokens.isEmpty()) {
            out.println("No tokens.");
            out.flush();
            return;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(COLUMNS);
        for (JsonNode token : tokens) {
            rows.add(new String[] {field(token, "id"), field(token, "name"), selector(token), field(token, "role"),
                    field(token, "region"), field(token, "createdAt"), orNever(token, "expiresAt"),
                    orNever(token, "lastUsedAt")});
        }
        int[] widths = new int[COLUMNS.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(i == row.length - 1 ? row[i] : String.format("%-" + widths[i] + "s  ", row[i]));
            }
            out.println(line.toString().stripTrailing());
        }
        out.flush();
    }

    /** One token's metadata, a field a line. */
    static void tokenDetails(PrintWriter out, JsonNode token) {
        out.println("id:         " + field(token, "id"));
        out.println("name:       " + field(token, "name"));
        out.println("selector:   " + selector(token));
        out.println("role:       " + field(token, "role"));
        out.println("region:     " + field(token, "region"));
        out.println("generation: " + (token.has("generation") ? token.get("generation").asText() : "-"));
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
