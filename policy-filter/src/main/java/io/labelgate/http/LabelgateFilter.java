package io.labelgate.http;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.Objects;

/**
 * The servlet adapter: every request of the application passes the pipeline before any servlet,
 * JSP or JAX-RS resource sees it. Allowed requests continue as an {@link AuthenticatedRequest};
 * refused ones get the {@link Refusal} and go no further.
 */
public final class LabelgateFilter implements Filter {

    private final Protection protection;

    public LabelgateFilter(Protection protection) {
        this.protection = Objects.requireNonNull(protection, "protection");
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        if (!(req instanceof HttpServletRequest request) || !(res instanceof HttpServletResponse response)) {
            throw new ServletException("labelgate protects HTTP requests only");
        }
        Outcome outcome = protection.outcomeFor(request);
        if (outcome instanceof Outcome.Allowed allowed) {
            chain.doFilter(new AuthenticatedRequest(request, allowed.principal()), response);
        } else {
            RefusalWriter.write(protection.refusal(((Outcome.Refused) outcome).error()), response);
        }
    }
}
