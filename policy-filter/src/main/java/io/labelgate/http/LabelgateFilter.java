package io.labelgate.http;

import io.labelgate.decision.DecisionLog;
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
 * JSP or JAX-RS resource sees it. Allowed requests continue as an {@link AuthenticatedRequest}
 * (or as they are, when the container already knows the token as its caller);
 * refused ones get the {@link Refusal} (API clients) or a browser page, and go no further. What
 * passes and what is answered is the {@link Admission}'s verdict, shared with the Jakarta Security
 * mechanism where that is on.
 */
public final class LabelgateFilter implements Filter {

    private final Admission admission;

    public LabelgateFilter(Admission admission) {
        this.admission = Objects.requireNonNull(admission, "admission");
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        if (!(req instanceof HttpServletRequest request) || !(res instanceof HttpServletResponse response)) {
            throw new ServletException("labelgate protects HTTP requests only");
        }
        Admission.Verdict verdict = admission.admit(request);
        if (verdict instanceof Admission.Verdict.Pass) {
            chain.doFilter(request, response);
        } else if (verdict instanceof Admission.Verdict.Proceed proceed) {
            proceed.allowed().decision().ifPresent(id -> response.setHeader(DecisionLog.HEADER, id));
            chain.doFilter(continuing(request, proceed.allowed().principal()), response);
        } else if (verdict instanceof Admission.Verdict.Answer answer) {
            // the mechanism may have answered already (a container-protected resource): never twice
            if (!response.isCommitted()) {
                admission.answer(answer, request, response);
            }
        }
    }

    /**
     * The request an allowed call continues with. When the Jakarta Security mechanism told the
     * container this very caller for this request, the container's request goes on unwrapped: a
     * wrapper's principal would replace the container's caller, and Payara builds the security
     * context of the servlet, and so of every EJB it calls, from {@code getUserPrincipal()}, losing
     * the caller's groups. Any other container caller (one of the same name included) is replaced
     * by the token's.
     */
    static HttpServletRequest continuing(HttpServletRequest request, TokenPrincipal principal) {
        if (Admission.namedToTheContainer(request, principal, request.getUserPrincipal())) {
            return request;
        }
        return new AuthenticatedRequest(request, principal);
    }
}
