package io.labelgate.http;

import java.util.List;

/**
 * The little of an HTTP request that labelgate reads, independent of servlet or JAX-RS.
 *
 * <p>{@link ServletRequestView} implements it over {@code HttpServletRequest}; the JAX-RS filter
 * ({@link LabelgateContainerFilter}) uses that same view of the servlet request it is injected
 * with, so both filters read a request alike. Tests implement it directly. Nothing here exposes
 * the request body.
 */
public interface RequestView {

    /** The HTTP method, upper case as sent, e.g. {@code GET}. */
    String method();

    /** The path inside the application (context root removed), starting with {@code /}. */
    String path();

    /** Every value of the named header (case-insensitive), in order; empty when absent. */
    List<String> headers(String name);

    /** The raw query string without {@code ?}, or {@code null} when the URL has none. */
    String queryString();

    /**
     * Whether the request came over HTTPS as the container sees it (after its proxy settings):
     * decides the cookie names ({@code __Host-} only over HTTPS) and the origin a same-origin
     * request comes from.
     */
    boolean secure();
}
