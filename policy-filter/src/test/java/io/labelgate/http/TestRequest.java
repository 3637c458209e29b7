package io.labelgate.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A request as the pipeline sees it, for tests: header names are matched case-insensitively, as
 * the servlet and JAX-RS adapters do.
 */
public record TestRequest(String method, String path, Map<String, List<String>> headerValues, String queryString)
        implements RequestView {

    public TestRequest {
        TreeMap<String, List<String>> copy = new TreeMap<>();
        headerValues.forEach((name, values) -> copy.put(name.toLowerCase(Locale.ROOT), List.copyOf(values)));
        headerValues = copy;
    }

    /** A GET of this path without headers or query. */
    public static TestRequest get(String path) {
        return new TestRequest("GET", path, Map.of(), null);
    }

    /** A GET of this path carrying {@code Authorization: Bearer <token>}. */
    public static TestRequest bearer(String path, String token) {
        return get(path).withHeader("Authorization", "Bearer " + token);
    }

    /** This request with one more value of a header. */
    public TestRequest withHeader(String name, String value) {
        Map<String, List<String>> headers = new TreeMap<>(headerValues);
        List<String> values = new ArrayList<>(headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of()));
        values.add(value);
        headers.put(name.toLowerCase(Locale.ROOT), values);
        return new TestRequest(method, path, headers, queryString);
    }

    /** This request with a query string. */
    public TestRequest withQuery(String query) {
        return new TestRequest(method, path, headerValues, query);
    }

    /** This request with another method. */
    public TestRequest withMethod(String newMethod) {
        return new TestRequest(newMethod, path, headerValues, queryString);
    }

    /** Plain HTTP: tests of HTTPS behaviour use {@link #overHttps()}. */
    @Override
    public boolean secure() {
        return false;
    }

    /** This request, sent over HTTPS. */
    public RequestView overHttps() {
        TestRequest plain = this;
        return new RequestView() {
            @Override
            public String method() {
                return plain.method();
            }

            @Override
            public String path() {
                return plain.path();
            }

            @Override
            public List<String> headers(String name) {
                return plain.headers(name);
            }

            @Override
            public String queryString() {
                return plain.queryString();
            }

            @Override
            public boolean secure() {
                return true;
            }
        };
    }

    @Override
    public List<String> headers(String name) {
        return headerValues.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    }
}
