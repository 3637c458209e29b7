package io.labelgate.console;

import io.labelgate.config.Secret;
import io.labelgate.decision.EngineKind;
import io.labelgate.metrics.LabelgateMetrics;
import io.labelgate.registry.JdbcRegistry;
import io.labelgate.registry.TestDataSources;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MetricsServletTest {

    private static final String ADMIN = "an-admin-secret-of-some-length";
    private static final String METRICS = "a-metrics-secret-to-scrape-with";

    private final FailureThrottle failures = new FailureThrottle(2, Clock.systemUTC());
    private final JdbcRegistry registry = JdbcRegistry.migrate(TestDataSources.h2());
    private final MetricsServlet servlet = new MetricsServlet(
            new LabelgateMetrics(EngineKind.EMBEDDED),
            List.of(Secret.of(ADMIN), Secret.of(METRICS)),
            "ai-app",
            failures,
            false,
            registry);

    /** What the servlet answered. */
    private static final class Answer {
        int status = 200;
        final Map<String, String> headers = new HashMap<>();
        final ByteArrayOutputStream body = new ByteArrayOutputStream();

        String body() {
            return body.toString(StandardCharsets.UTF_8);
        }

        HttpServletResponse servletResponse() {
            ServletOutputStream out = new ServletOutputStream() {
                @Override
                public void write(int b) {
                    body.write(b);
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setWriteListener(WriteListener listener) {}
            };
            return (HttpServletResponse) Proxy.newProxyInstance(
                    MetricsServletTest.class.getClassLoader(),
                    new Class<?>[] {HttpServletResponse.class},
                    (proxy, call, args) -> {
                        switch (call.getName()) {
                            case "getOutputStream" -> {
                                return out;
                            }
                            case "setStatus" -> status = (Integer) args[0];
                            case "setHeader" -> headers.put((String) args[0], (String) args[1]);
                            case "setContentType" -> headers.put("Content-Type", (String) args[0]);
                            case "setCharacterEncoding", "setContentLength", "resetBuffer", "flushBuffer" -> {}
                            default -> throw new UnsupportedOperationException(call.getName());
                        }
                        return null;
                    });
        }
    }

    private Answer send(String method, Map<String, String> headers) throws IOException {
        HttpServletRequest request = (HttpServletRequest) Proxy.newProxyInstance(
                MetricsServletTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class},
                (proxy, call, args) -> switch (call.getName()) {
                    case "getMethod" -> method;
                    case "getHeader" -> headers.get((String) args[0]);
                    case "getHeaders" ->
                        Collections.enumeration(
                                headers.containsKey((String) args[0])
                                        ? List.of(headers.get((String) args[0]))
                                        : List.of());
                    case "getQueryString", "getUserPrincipal" -> null;
                    case "isUserInRole", "isSecure" -> false;
                    case "getRemoteAddr" -> "192.0.2.7";
                    case "getRequestURI" -> "/ai-app/labelgate/metrics";
                    case "getContextPath" -> "/ai-app";
                    case "getServletPath" -> "/labelgate/metrics";
                    case "getPathInfo" -> null;
                    default -> throw new UnsupportedOperationException(call.getName());
                });
        Answer answer = new Answer();
        servlet.service(request, answer.servletResponse());
        return answer;
    }

    private static Map<String, String> bearer(String credential) {
        return Map.of("Authorization", "Bearer " + credential);
    }

    @Test
    void servesThePrometheusTextFormatToTheAdminCredential() throws IOException {
        Answer answer = send("GET", bearer(ADMIN));

        assertEquals(200, answer.status);
        assertEquals("text/plain; version=0.0.4; charset=utf-8", answer.headers.get("Content-Type"));
        assertEquals("no-store", answer.headers.get("Cache-Control"));
        assertTrue(
                answer.body()
                        .lines()
                        .anyMatch("labelgate_decisions_total{engine=\"embedded\",result=\"allowed\"} 0.0"::equals),
                answer.body());
    }

    @Test
    void servesTheMetricsCredentialToo() throws IOException {
        assertEquals(200, send("GET", bearer(METRICS)).status);
    }

    @Test
    void servesOpenMetricsWhenAsked() throws IOException {
        Map<String, String> headers = new HashMap<>(bearer(METRICS));
        headers.put("Accept", "application/openmetrics-text; version=1.0.0");

        Answer answer = send("GET", headers);

        assertEquals(200, answer.status);
        assertEquals("application/openmetrics-text; version=1.0.0; charset=utf-8", answer.headers.get("Content-Type"));
    }

    @Test
    void refusesARequestWithoutCredentialWith401AndTheBearerChallenge() throws IOException {
        Answer answer = send("GET", Map.of());

        assertEquals(401, answer.status);
        assertEquals("Bearer realm=\"ai-app\"", answer.headers.get("WWW-Authenticate"));
        assertEquals("application/problem+json", answer.headers.get("Content-Type"));
    }

    @Test
    void refusesAWrongCredentialWith401InvalidTokenThenThrottlesTheAddress() throws IOException {
        Answer first = send("GET", bearer("not-the-secret-of-anything"));
        Answer second = send("GET", bearer("not-the-secret-of-anything"));
        Answer third = send("GET", bearer(ADMIN));

        assertEquals(401, first.status);
        assertEquals(
                "Bearer realm=\"ai-app\", error=\"invalid_token\", "
                        + "error_description=\"the credential is not valid for the metrics\"",
                first.headers.get("WWW-Authenticate"));
        assertEquals(401, second.status);
        assertEquals(429, third.status);
        assertEquals("3600", third.headers.get("Retry-After"));
    }

    @Test
    void basicCredentialsWithoutContainerLoginAreRefusedWithoutAskingTheContainer() throws IOException {
        // the fake request throws on authenticate(): it must not be called
        Answer answer = send("GET", Map.of("Authorization", "Basic YWRtaW46c2VjcmV0"));

        // another scheme is no credential: the Bearer challenge
        assertEquals(401, answer.status);
        assertEquals("Bearer realm=\"ai-app\"", answer.headers.get("WWW-Authenticate"));
    }

    @Test
    void answersAnotherMethodWith405() throws IOException {
        Answer answer = send("POST", bearer(ADMIN));

        assertEquals(405, answer.status);
        assertEquals("GET", answer.headers.get("Allow"));
    }
}
