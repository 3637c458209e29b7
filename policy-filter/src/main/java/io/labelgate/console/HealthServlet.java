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
 * Readiness of labelgate at {@code <console path>/health}, in the shape of a MicroProfile Health
 * response: 200 {@code UP} when decisions can be made, 503 {@code DOWN} while the remote engine's
 * breaker is open (OPA failing) or the registry's is (its last call could not connect). Public,
 * and says nothing but the engine's name and each check's state.
 */
public final class HealthServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient BooleanSupplier engineReady;
    private final String engine;
    private final transient BooleanSupplier registryReachable;

    public HealthServlet(BooleanSupplier engineReady, String engine, BooleanSupplier registryReachable) {
        this.engineReady = Objects.requireNonNull(engineReady, "engineReady");
        this.engine = Objects.requireNonNull(engine, "engine");
        this.registryReachable = Objects.requireNonNull(registryReachable, "registryReachable");
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        boolean engineUp = engineReady.getAsBoolean();
        boolean registryUp = registryReachable.getAsBoolean();
        boolean up = engineUp && registryUp;
        byte[] body = DecisionJson.mapper().writeValueAsBytes(Map.of("status", state(up), "checks", List.of(
                Map.of("name", "labelgate-decision-engine", "status", state(engineUp), "data", Map.of("engine", engine)),
                Map.of("name", "labelgate-registry", "status", state(registryUp)))));
        response.setStatus(up ? 200 : 503);
        response.setContentType("application/json");
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private static String state(boolean up) {
        return up ? "UP" : "DOWN";
    }
}
