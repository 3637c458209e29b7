package io.labelgate.console;

import io.labelgate.decision.DecisionJson;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * Readiness of labelgate's decision engine at {@code <console path>/health}, in the shape of a
 * MicroProfile Health response: 200 {@code UP} when decisions can be made, 503 {@code DOWN} while
 * the remote engine's breaker is open (OPA failing). Public, and says nothing but the engine's name
 * and state.
 */
public final class HealthServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient BooleanSupplier ready;
    private final String engine;

    public HealthServlet(BooleanSupplier ready, String engine) {
        this.ready = Objects.requireNonNull(ready, "ready");
        this.engine = Objects.requireNonNull(engine, "engine");
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        boolean up = ready.getAsBoolean();
        String status = up ? "UP" : "DOWN";
        byte[] body = DecisionJson.mapper().writeValueAsBytes(Map.of("status", status, "checks",
                List.of(Map.of("name", "labelgate-decision-engine", "status", status, "data", Map.of("engine", engine)))));
        response.setStatus(up ? 200 : 503);
        response.setContentType("application/json");
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
