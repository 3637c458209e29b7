package io.labelgate.http;

import io.labelgate.selector.Selector;
import io.labelgate.token.Role;
import io.labelgate.token.TokenClaims;
import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.security.Principal;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What an allowed request continues as: labelgate's caller, or the container's when it is the same token. */
class LabelgateFilterTest {

    private static final Instant NOW = Instant.parse("2026-12-02T00:00:00Z");
    private static final TokenPrincipal READER = new TokenPrincipal(
            new TokenClaims("tok-1", 1, Role.READ, "GRA", Selector.parse("group=A"), false, NOW, NOW.plusSeconds(600)));

    private static HttpServletRequest containerRequest(Principal caller) {
        Map<String, Object> attributes = new HashMap<>();
        return (HttpServletRequest) Proxy.newProxyInstance(
                LabelgateFilterTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getUserPrincipal" -> caller;
                    case "isUserInRole" -> false;
                    case "getAttribute" -> attributes.get((String) args[0]);
                    case "setAttribute" -> attributes.put((String) args[0], args[1]);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void withoutAContainerCallerTheRequestNamesTheTokenAndItsRoles() {
        HttpServletRequest continued = LabelgateFilter.continuing(containerRequest(null), READER);

        AuthenticatedRequest wrapped = assertInstanceOf(AuthenticatedRequest.class, continued);
        assertSame(READER, wrapped.getUserPrincipal());
        assertEquals("tok-1", wrapped.getRemoteUser());
        assertTrue(wrapped.isUserInRole("read"));
        assertFalse(wrapped.isUserInRole("operator"));
    }

    @Test
    void whenTheMechanismToldTheContainerThisCallerTheContainersRequestGoesOnUnwrapped() {
        // Payara builds the security context of the servlet and its EJB calls from getUserPrincipal():
        // a wrapper's principal there would drop the caller's groups
        HttpServletRequest request = containerRequest(() -> "tok-1");
        Admission.namedToTheContainer(request, READER);

        assertSame(request, LabelgateFilter.continuing(request, READER));
    }

    @Test
    void aContainerCallerNamedLikeTheTokenButNotToldByTheMechanismIsReplacedByTheToken() {
        // a user of the container's own realm whose name happens to be a token id
        HttpServletRequest request = containerRequest(() -> "tok-1");

        HttpServletRequest continued = LabelgateFilter.continuing(request, READER);

        assertInstanceOf(AuthenticatedRequest.class, continued);
        assertSame(READER, continued.getUserPrincipal());
    }

    @Test
    void aCallerToldForAnotherVerdictDoesNotUnwrapThisOne() {
        HttpServletRequest request = containerRequest(() -> "tok-1");
        Admission.namedToTheContainer(
                request,
                new TokenPrincipal(new TokenClaims(
                        "tok-1",
                        2,
                        Role.OPERATOR,
                        "GRA",
                        Selector.parse("group=A"),
                        false,
                        NOW,
                        NOW.plusSeconds(600))));

        assertInstanceOf(AuthenticatedRequest.class, LabelgateFilter.continuing(request, READER));
    }

    @Test
    void aContainerCallerThatIsNotTheTokenIsReplacedByTheToken() {
        // e.g. an administrator signed in through the container, calling with a bearer token
        HttpServletRequest continued = LabelgateFilter.continuing(containerRequest(() -> "alice"), READER);

        assertSame(READER, continued.getUserPrincipal());
    }
}
