package io.labelgate.cdi;

import io.labelgate.http.Protection;
import io.labelgate.registry.TokenService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.servlet.ServletContext;

/**
 * Makes labelgate's services injectable: {@code @Inject TokenService tokens;} in any bean of the
 * protected application. The instances are the ones labelgate started with the application.
 *
 * <p>Not final: the container proxies application-scoped beans.
 */
@ApplicationScoped
public class LabelgateBeans {

    private ServletContext context;

    /** For the container's proxy. */
    protected LabelgateBeans() {}

    @Inject
    LabelgateBeans(ServletContext context) {
        this.context = context;
    }

    /** The token lifecycle of this application. */
    @Produces
    @Dependent
    public TokenService tokenService() {
        if (!(context.getAttribute(TOKEN_SERVICE_ATTRIBUTE) instanceof TokenService tokens)) {
            throw new IllegalStateException("labelgate did not start in this application");
        }
        return tokens;
    }

    /** Servlet context attribute holding the {@link TokenService}. */
    public static final String TOKEN_SERVICE_ATTRIBUTE = TokenService.class.getName();

    /** The protection of this application (for frameworks that authenticate requests themselves). */
    @Produces
    @Dependent
    public Protection protection() {
        return Protection.of(context)
                .orElseThrow(() -> new IllegalStateException("labelgate did not start in this application"));
    }
}
