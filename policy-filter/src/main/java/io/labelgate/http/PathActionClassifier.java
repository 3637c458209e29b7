package io.labelgate.http;

import io.labelgate.decision.Action;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Classifies servlet requests by method and path patterns from {@code labelgate.manage.paths},
 * e.g. {@code POST /models/*, DELETE /models/*, * /admin/*}: a matching request is action
 * {@code manage}, every other one {@code read}. A pattern is an exact path, or a prefix ending in
 * {@code /*} (which also matches the prefix itself).
 */
public final class PathActionClassifier implements ActionClassifier {

    private record Rule(String method, String path, boolean prefix) {
        boolean matches(String requestMethod, String requestPath) {
            boolean methodMatches = method.equals("*") || method.equals(requestMethod.toUpperCase(Locale.ROOT));
            if (!methodMatches) {
                return false;
            }
            return prefix ? requestPath.equals(path) || requestPath.startsWith(path + "/") : requestPath.equals(path);
        }
    }

    private final List<Rule> rules;

    private PathActionClassifier(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /**
     * Parses {@code METHOD /path, METHOD /prefix/*, ...}.
     *
     * @throws IllegalArgumentException naming the item at fault
     */
    public static PathActionClassifier parse(String text) {
        Objects.requireNonNull(text, "text");
        List<Rule> rules = new ArrayList<>();
        for (String item : text.split(",")) {
            String trimmed = item.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            String[] parts = trimmed.split("\\s+");
            if (parts.length != 2 || !parts[0].matches("\\*|[A-Za-z]+") || !parts[1].startsWith("/")) {
                throw new IllegalArgumentException("\"" + trimmed + "\" is not of the form METHOD /path or METHOD /prefix/*"
                        + " (METHOD may be *)");
            }
            String path = parts[1];
            boolean prefix = path.endsWith("/*");
            if (path.substring(0, path.length() - (prefix ? 2 : 0)).contains("*")) {
                throw new IllegalArgumentException("\"" + trimmed + "\": only a trailing /* is a wildcard");
            }
            rules.add(new Rule(parts[0].toUpperCase(Locale.ROOT), prefix ? path.substring(0, path.length() - 2) : path, prefix));
        }
        return new PathActionClassifier(rules);
    }

    @Override
    public Action classify(RequestView request) {
        for (Rule rule : rules) {
            if (rule.matches(request.method(), request.path())) {
                return Action.MANAGE;
            }
        }
        return Action.READ;
    }
}
