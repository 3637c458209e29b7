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
 *
 * <p>A pattern covers the request however the container will route it, so a manage path cannot be
 * walked around: a {@code GET} pattern also covers {@code HEAD} (servlets and JAX-RS answer HEAD
 * by running the GET method, RFC 9110 §9.3.2); paths are compared with trailing and repeated
 * slashes removed ({@code /api/model/} and {@code /api//model} reach the same JAX-RS method as
 * {@code /api/model}); methods are compared without regard to case.
 */
public final class PathActionClassifier implements ActionClassifier {

    private record Rule(String method, String path, boolean prefix) {
        boolean matches(String requestMethod, String requestPath) {
            String asked = requestMethod.toUpperCase(Locale.ROOT);
            boolean methodMatches =
                    method.equals("*") || method.equals(asked) || method.equals("GET") && asked.equals("HEAD");
            if (!methodMatches) {
                return false;
            }
            return prefix
                    ? requestPath.equals(path) || requestPath.startsWith(path + "/") || path.equals("/")
                    : requestPath.equals(path);
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
                throw new IllegalArgumentException("\"" + trimmed
                        + "\" is not of the form METHOD /path or METHOD /prefix/*" + " (METHOD may be *)");
            }
            String path = parts[1];
            boolean prefix = path.endsWith("/*");
            if (path.substring(0, path.length() - (prefix ? 2 : 0)).contains("*")) {
                throw new IllegalArgumentException("\"" + trimmed + "\": only a trailing /* is a wildcard");
            }
            rules.add(new Rule(
                    parts[0].toUpperCase(Locale.ROOT),
                    normalise(prefix ? path.substring(0, path.length() - 2) : path),
                    prefix));
        }
        return new PathActionClassifier(rules);
    }

    @Override
    public Action classify(RequestView request) {
        if (rules.isEmpty()) {
            return Action.READ;
        }
        String path = normalise(request.path());
        for (Rule rule : rules) {
            if (rule.matches(request.method(), path)) {
                return Action.MANAGE;
            }
        }
        return Action.READ;
    }

    /** The path with runs of slashes made one and a trailing slash removed: {@code /a//b/} is {@code /a/b}. */
    static String normalise(String path) {
        String single = path.indexOf("//") < 0 ? path : path.replaceAll("/{2,}", "/");
        if (single.isEmpty()) {
            return "/";
        }
        return single.length() > 1 && single.endsWith("/") ? single.substring(0, single.length() - 1) : single;
    }
}
