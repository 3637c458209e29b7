package io.labelgate.decision;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The remote engine's protocol, strictness and breaker, against a stand-in OPA REST endpoint. */
class RemoteOpaEngineTest {

    private static final DecisionInput INPUT = new DecisionInput(
            new DecisionInput.TokenInput("tok-1", "read", "GRA", false,
                    List.of(new DecisionInput.SelectorInput("group", "In", List.of("A")))),
            new DecisionInput.AppInput("app-1", "GRA", Map.of("group", "A")),
            DecisionInput.RequestInput.of("GET", "/", Action.READ));

    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicReference<String> answer = new AtomicReference<>();
    private final AtomicReference<String> lastBody = new AtomicReference<>();
    private final AtomicReference<Integer> status = new AtomicReference<>(200);
    private HttpServer server;

    private RemoteOpaEngine engine(Duration openInterval) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/data/labelgate/authz/decision", exchange -> {
            requests.incrementAndGet();
            lastBody.set(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] body = answer.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status.get(), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return new RemoteOpaEngine(URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
                RemoteOpaEngine.DEFAULT_PATH, Duration.ofMillis(500), Duration.ofSeconds(2), openInterval);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void postsTheInputDocumentAndParsesTheDecision() throws Exception {
        RemoteOpaEngine engine = engine(Duration.ofSeconds(1));
        answer.set("{\"result\":{\"allow\":false,\"reasons\":[\"token region \\\"GRA\\\" does not match app region \\\"BHS\\\"\"]}}");

        Decision decision = engine.decide(INPUT);

        assertEquals(new Decision(false, List.of("token region \"GRA\" does not match app region \"BHS\"")), decision);
        assertEquals("{\"input\":" + DecisionJson.write(INPUT) + "}", lastBody.get());
    }

    @Test
    void undefinedOrMalformedAnswerIsAFaultNeverAVerdict() throws Exception {
        RemoteOpaEngine engine = engine(Duration.ofSeconds(1));
        for (String malformed : List.of("{}", "{\"result\":{\"allow\":\"true\",\"reasons\":[]}}", "{\"result\":true}")) {
            answer.set(malformed);

            assertThrows(DecisionException.class, () -> engine.decide(INPUT), malformed);
        }
    }

    @Test
    void breakerOpensAfterRepeatedFailuresAndStopsAskingUntilTheInterval() throws Exception {
        RemoteOpaEngine engine = engine(Duration.ofMinutes(5));
        status.set(500);
        answer.set("{\"code\":\"internal_error\"}");

        for (int i = 0; i < 5; i++) {
            assertThrows(DecisionException.class, () -> engine.decide(INPUT));
        }
        int asked = requests.get();
        DecisionException open = assertThrows(DecisionException.class, () -> engine.decide(INPUT));

        assertEquals(asked, requests.get(), "an open breaker does not call OPA");
        assertTrue(open.getMessage().endsWith("is failing; not asking it until the breaker closes"), open.getMessage());
        assertFalse(engine.ready());
    }

    @Test
    void unreachableServerIsAFault() {
        RemoteOpaEngine engine = new RemoteOpaEngine(URI.create("http://127.0.0.1:1"), RemoteOpaEngine.DEFAULT_PATH,
                Duration.ofMillis(200), Duration.ofMillis(500), Duration.ofSeconds(1));

        assertThrows(DecisionException.class, () -> engine.decide(INPUT));
    }

    @Test
    void serverThatAcceptsButNeverAnswersIsAFaultAfterTheRequestTimeout() throws Exception {
        // a hung OPA: the connection is accepted (by the backlog) and no byte ever comes back
        try (ServerSocket hung = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            RemoteOpaEngine engine = new RemoteOpaEngine(URI.create("http://127.0.0.1:" + hung.getLocalPort()),
                    RemoteOpaEngine.DEFAULT_PATH, Duration.ofMillis(200), Duration.ofMillis(300), Duration.ofSeconds(1));

            long started = System.nanoTime();
            DecisionException fault = assertThrows(DecisionException.class, () -> engine.decide(INPUT));
            long waitedMillis = (System.nanoTime() - started) / 1_000_000;

            assertTrue(fault.getMessage().contains("did not decide"), fault.getMessage());
            // a bound, not a speed goal: the request timeout (300 ms) ends the wait, not the OS
            assertTrue(waitedMillis < 5_000, "waited " + waitedMillis + " ms for a hung server");
        }
    }
}
