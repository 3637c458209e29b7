package io.labelgate.console;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Readiness of labelgate at {@code <console path>/health}, in the shape of a MicroProfile Health
 * response: 200 {@code UP} when decisions can be made, 503 {@code DOWN} while the remote engine's
 * breaker is open (OPA failing), before a configured policy bundle has loaded, or while the
 * registry's breaker is open (its last call could not connect). Public, and says nothing but the
 * engine's name, short facts about its policy ({@link Readiness#policy()}) and each check's state.
 */
public final class HealthServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient Readiness readiness;

    public HealthServlet(Readiness readiness) {
        this.readiness = Objects.requireNonNull(readiness, "readiness");
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Readiness.Reading reading = readiness.read();
        List<Map<String, Object>> checks = new ArrayList<>();
        reading.parts()
                .forEach((name, state) -> checks.add(
                        name.equals(Readiness.Reading.ENGINE)
                                ? Map.of("name", name, "status", state, "data", engineData())
                                : Map.of("name", name, "status", state)));
        Responses.json(
                response,
                reading.up() ? 200 : 503,
                Map.of("status", Readiness.Reading.state(reading.up()), "checks", checks));
    }

    private Map<String, String> engineData() {
        Map<String, String> data = new TreeMap<>(readiness.policy().get());
        data.put("engine", readiness.engine());
        return data;
    }
}
