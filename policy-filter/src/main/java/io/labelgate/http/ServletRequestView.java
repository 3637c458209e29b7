package io.labelgate.http;

import jakarta.servlet.http.HttpServletRequest;

import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A {@link RequestView} over a servlet request. The path is the container's decoded and
 * normalised servlet path plus path info, so {@code /a/../b} and {@code %2e%2e} tricks reach the
 * policy as the path the application will serve.
 */
public final class ServletRequestView implements RequestView {

    private final HttpServletRequest request;

    public ServletRequestView(HttpServletRequest request) {
        this.request = Objects.requireNonNull(request, "request");
    }

    @Override
    public String method() {
        return request.getMethod();
    }

    @Override
    public String path() {
        String servletPath = request.getServletPath();
        String pathInfo = request.getPathInfo();
        String path = (servletPath == null ? "" : servletPath) + (pathInfo == null ? "" : pathInfo);
        return path.isEmpty() ? "/" : path;
    }

    @Override
    public List<String> headers(String name) {
        var values = request.getHeaders(name);
        return values == null ? List.of() : Collections.list(values);
    }

    @Override
    public String queryString() {
        return request.getQueryString();
    }

    @Override
    public boolean secure() {
        return request.isSecure();
    }
}
