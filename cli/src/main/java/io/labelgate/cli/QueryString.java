package io.labelgate.cli;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** The filters of a list command as the admin API's query parameters, in the order they were given. */
final class QueryString {

    private final Map<String, String> parameters = new LinkedHashMap<>();

    /** Adds a parameter; an absent or empty value is no filter. */
    QueryString put(String name, String value) {
        if (value != null && !value.isEmpty()) {
            parameters.put(name, value);
        }
        return this;
    }

    /** The parameters given, by name. */
    Map<String, String> parameters() {
        return parameters;
    }

    /** {@code ?a=1&b=2}, URL-encoded, or nothing when no parameter was given. */
    @Override
    public String toString() {
        if (parameters.isEmpty()) {
            return "";
        }
        return "?"
                + parameters.entrySet().stream()
                        .map(parameter -> parameter.getKey() + "="
                                + URLEncoder.encode(parameter.getValue(), StandardCharsets.UTF_8))
                        .collect(Collectors.joining("&"));
    }
}
