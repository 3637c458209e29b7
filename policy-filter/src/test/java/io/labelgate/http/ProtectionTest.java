package io.labelgate.http;

import io.labelgate.app.AppIdentity;
import io.labelgate.selector.Selector;
import io.labelgate.token.JwtSettings;
import io.labelgate.token.Role;
import io.labelgate.token.SigningKey;
import io.labelgate.token.TokenClaims;
import io.labelgate.token.TokenIssuer;
import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

class ProtectionTest {

    private static final SigningKey KEY = SigningKey.generate("RS256");
    private static final AppIdentity APP =
            AppIdentity.withReservedLabels(UUID.randomUUID(), "GRA", Map.of("group", "A"), "labelgate/", warning -> {});

    /** A servlet request holding attributes, as the servlet filter and then the JAX-RS filter see it. */
    private static HttpServletRequest request(String authorization) {
        Map<String, Object> attributes = new HashMap<>();
        return (HttpServletRequest) Proxy.newProxyInstance(
                ProtectionTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getMethod" -> "GET";
                    case "getServletPath" -> "/api";
                    case "getPathInfo" -> "/hello";
                    case "getQueryString" -> null;
                    case "getHeaders" ->
                        Collections.enumeration(
                                "Authorization".equalsIgnoreCase((String) args[0])
                                        ? List.of(authorization)
                                        : List.of());
                    case "getAttribute" -> attributes.get((String) args[0]);
                    case "setAttribute" -> attributes.put((String) args[0], args[1]);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void requestThatPassesTheServletAndTheJaxRsFilterIsDecidedOnce() {
        AtomicInteger decisions = new AtomicInteger();
        Protection protection = CountingProtection.allowingEveryToken(KEY, APP, decisions);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String token = new TokenIssuer(KEY, JwtSettings.defaults())
                .issue(new TokenClaims(
                        "tok-1", 1, Role.READ, "GRA", Selector.parse("group=A"), false, now, now.plusSeconds(600)));
        HttpServletRequest request = request("Bearer " + token);

        Outcome servletFilter = protection.outcomeFor(request);
        Outcome jaxRsFilter = protection.outcomeFor(request);

        assertInstanceOf(Outcome.Allowed.class, servletFilter);
        assertSame(servletFilter, jaxRsFilter);
        assertEquals(1, decisions.get());
        assertEquals("ai-app", request.getAttribute(Protection.REALM_PROPERTY));
    }
}
