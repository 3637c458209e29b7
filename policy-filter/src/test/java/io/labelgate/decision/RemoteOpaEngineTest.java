package io.labelgate.decision;

import com.sun.net.httpserver.HttpServer;
import io.labelgate.http.AuthError;
import io.labelgate.http.Outcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The remote engine's protocol, strictness and breaker, against a stand-in OPA REST endpoint. */
class RemoteOpaEngineTest {

    private static final DecisionInput INPUT = new DecisionInput(
            new DecisionInput.TokenInput(
                    "tok-1",
                    "read",
                    "GRA",
                    false,
                    List.of(new DecisionInput.SelectorInput("group", "In", List.of("A")))),
            new DecisionInput.AppInput("app-1", "GRA", Map.of("group", "A")),
            DecisionInput.RequestInput.of("GET", "/", Action.READ));

    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicReference<String> answer = new AtomicReference<>();
    private final AtomicReference<String> lastBody = new AtomicReference<>();
    private final AtomicReference<Integer> status = new AtomicReference<>(200);
    private final List<Integer> clientPorts = new CopyOnWriteArrayList<>();
    private HttpServer server;

    private RemoteOpaEngine engine(Duration openInterval) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/data/labelgate/authz/decision", exchange -> {
            requests.incrementAndGet();
            clientPorts.add(exchange.getRemoteAddress().getPort());
            lastBody.set(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            byte[] body = answer.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status.get(), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return new RemoteOpaEngine(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
                RemoteOpaEngine.DEFAULT_PATH,
                Duration.ofMillis(500),
                Duration.ofSeconds(2),
                openInterval);
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
        answer.set(
                "{\"result\":{\"allow\":false,\"reasons\":[\"token region \\\"GRA\\\" does not match app region \\\"BHS\\\"\"]}}");

        Decision decision = engine.decide(INPUT);

        assertEquals(new Decision(false, List.of("token region \"GRA\" does not match app region \"BHS\"")), decision);
        assertEquals("{\"input\":" + DecisionJson.write(INPUT) + "}", lastBody.get());
    }

    @Test
    void undefinedOrMalformedAnswerIsAFaultNeverAVerdict() throws Exception {
        RemoteOpaEngine engine = engine(Duration.ofSeconds(1));
        for (String malformed :
                List.of("{}", "{\"result\":{\"allow\":\"true\",\"reasons\":[]}}", "{\"result\":true}")) {
            answer.set(malformed);

            assertThrows(DecisionException.class, () -> engine.decide(INPUT), malformed);
        }
    }

    @Test
    void answerOtherThan200IsAFaultNamingTheStatus() throws Exception {
        RemoteOpaEngine engine = engine(Duration.ofSeconds(1));
        status.set(404);
        answer.set("{\"code\":\"resource_not_found\"}");

        DecisionException fault = assertThrows(DecisionException.class, () -> engine.decide(INPUT));

        assertEquals(
                "the OPA server at http://127.0.0.1:" + server.getAddress().getPort()
                        + " did not decide: it answered HTTP 404",
                fault.getMessage());
    }

    @Test
    void undefinedDecisionIsAFaultSayingSo() throws Exception {
        RemoteOpaEngine engine = engine(Duration.ofSeconds(1));
        answer.set("{\"decision_id\":\"d-1\"}");

        DecisionException fault = assertThrows(DecisionException.class, () -> engine.decide(INPUT));

        assertEquals("the policy answer has no \"result\": is the policy loaded at that path?", fault.getMessage());
    }

    @Test
    void decisionsReuseOneKeptAliveConnectionEvenAfterAnErrorAnswer() throws Exception {
        RemoteOpaEngine engine = engine(Duration.ofMinutes(5));
        answer.set("{\"result\":{\"allow\":true,\"reasons\":[]}}");
        engine.decide(INPUT);
        status.set(500);
        answer.set("{\"code\":\"internal_error\",\"message\":\"an error body that must be read to the end\"}");
        assertThrows(DecisionException.class, () -> engine.decide(INPUT));
        status.set(200);
        answer.set("{\"result\":{\"allow\":true,\"reasons\":[]}}");

        for (int i = 0; i < 3; i++) {
            assertEquals(new Decision(true, List.of()), engine.decide(INPUT));
        }

        assertEquals(5, clientPorts.size());
        assertEquals(1, clientPorts.stream().distinct().count(), "one connection for all: " + clientPorts);
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void decideWhenOpaClosedTheKeptAliveConnectionThenAsksOnAFreshOne() throws Exception {
        // OPA restarted, or dropped an idle connection: the pooled one is dead, the decision is not
        try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            AtomicInteger connections = new AtomicInteger();
            Thread opa = new Thread(
                    () -> {
                        while (true) {
                            try (Socket connection = socket.accept()) {
                                connections.incrementAndGet();
                                answerOneRequestKeepingAlive(connection);
                            } catch (IOException closed) {
                                return;
                            }
                        }
                    },
                    "closing-opa");
            opa.setDaemon(true);
            opa.start();
            RemoteOpaEngine engine = new RemoteOpaEngine(
                    URI.create("http://127.0.0.1:" + socket.getLocalPort()),
                    RemoteOpaEngine.DEFAULT_PATH,
                    CONNECT_TIMEOUT,
                    REQUEST_TIMEOUT,
                    Duration.ofMinutes(5));

            for (int i = 0; i < 3; i++) {
                assertEquals(new Decision(true, List.of()), engine.decide(INPUT));
                Thread.sleep(50);
            }

            assertEquals(3, connections.get());
            assertTrue(engine.ready());
        }
    }

    /** Reads one request, answers an allow that says nothing of closing, then closes anyway. */
    private static void answerOneRequestKeepingAlive(Socket connection) throws IOException {
        var in = connection.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                return;
            }
            head.append((char) c);
        }
        int length = 0;
        for (String line : head.toString().split("\r\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(
                        line.substring("content-length:".length()).strip());
            }
        }
        in.readNBytes(length);
        byte[] body = "{\"result\":{\"allow\":true,\"reasons\":[]}}".getBytes(StandardCharsets.UTF_8);
        var out = connection.getOutputStream();
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
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
    void breakerStateIsClosedThenOpenAfterRepeatedFailuresThenClosedOnceAProbeSucceeds() throws Exception {
        RemoteOpaEngine engine = engine(Duration.ofMillis(200));
        Optional<BreakerState> fresh = engine.breakerState();
        status.set(500);
        answer.set("{\"code\":\"internal_error\"}");
        for (int i = 0; i < 5; i++) {
            assertThrows(DecisionException.class, () -> engine.decide(INPUT));
        }
        Optional<BreakerState> afterFailures = engine.breakerState();
        Thread.sleep(300);
        // once the interval has passed one probe is let through (half-open); its answer closes the breaker
        status.set(200);
        answer.set("{\"result\":{\"allow\":true,\"reasons\":[]}}");
        engine.decide(INPUT);

        assertEquals(Optional.of(BreakerState.CLOSED), fresh);
        assertEquals(Optional.of(BreakerState.OPEN), afterFailures);
        assertEquals(Optional.of(BreakerState.CLOSED), engine.breakerState());
    }

    @Test
    void unreachableServerIsAFault() {
        RemoteOpaEngine engine = new RemoteOpaEngine(
                URI.create("http://127.0.0.1:1"),
                RemoteOpaEngine.DEFAULT_PATH,
                Duration.ofMillis(200),
                Duration.ofMillis(500),
                Duration.ofSeconds(1));

        assertThrows(DecisionException.class, () -> engine.decide(INPUT));
    }

    /** README's defaults: {@code labelgate.engine.remote.connect-timeout} and {@code .timeout}. */
    private static final Duration CONNECT_TIMEOUT = Duration.ofMillis(250);

    private static final Duration REQUEST_TIMEOUT = Duration.ofMillis(500);

    /** A hung OPA: accepts every connection on 127.0.0.1 and never sends a byte back. */
    private static final class HungServer implements AutoCloseable {
        private final ServerSocket socket;
        private final List<Socket> accepted = new CopyOnWriteArrayList<>();
        private final Thread acceptor;

        HungServer() throws IOException {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            acceptor = new Thread(
                    () -> {
                        while (true) {
                            try {
                                accepted.add(socket.accept());
                            } catch (IOException closed) {
                                return;
                            }
                        }
                    },
                    "hung-opa");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        URI url() {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }

        RemoteOpaEngine engine() {
            return new RemoteOpaEngine(
                    url(), RemoteOpaEngine.DEFAULT_PATH, CONNECT_TIMEOUT, REQUEST_TIMEOUT, Duration.ofSeconds(1));
        }

        int connections() {
            return accepted.size();
        }

        @Override
        public void close() throws IOException, InterruptedException {
            socket.close();
            for (Socket connection : accepted) {
                connection.close();
            }
            acceptor.join(5_000);
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void decideWhenServerAcceptsButNeverAnswersThenFailsAfterTheRequestTimeout() throws Exception {
        try (HungServer hung = new HungServer()) {
            RemoteOpaEngine engine = hung.engine();

            long started = System.nanoTime();
            DecisionException fault = assertThrows(DecisionException.class, () -> engine.decide(INPUT));
            long waited = System.nanoTime() - started;

            assertEquals(
                    "the OPA server at " + hung.url()
                            + " did not decide: java.net.SocketTimeoutException: no answer within the request timeout of 500 ms",
                    fault.getMessage());
            assertEquals(1, hung.connections(), "the connection was accepted: OPA hung, it was not unreachable");
            PipelineFixture.assertWaitedTheTimeoutAndNoMore(REQUEST_TIMEOUT, waited);
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void decideWhenServerAnswersByTheByteThenFailsAfterTheWholeRequestTimeoutNotPerRead() throws Exception {
        // each byte comes well within the read timeout; only a bound on the whole request stops it
        try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread trickler = new Thread(
                    () -> {
                        try (Socket connection = socket.accept()) {
                            connection.getInputStream().read(new byte[8192]);
                            var out = connection.getOutputStream();
                            out.write(
                                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n"
                                            .getBytes(StandardCharsets.US_ASCII));
                            for (int i = 0; i < 1000; i++) {
                                out.write(' ');
                                out.flush();
                                Thread.sleep(50);
                            }
                        } catch (IOException | InterruptedException ended) {
                            // the engine gave up and closed the connection: what the test expects
                        }
                    },
                    "trickling-opa");
            trickler.setDaemon(true);
            trickler.start();
            URI url = URI.create("http://127.0.0.1:" + socket.getLocalPort());
            RemoteOpaEngine engine = new RemoteOpaEngine(
                    url, RemoteOpaEngine.DEFAULT_PATH, CONNECT_TIMEOUT, REQUEST_TIMEOUT, Duration.ofSeconds(1));

            long started = System.nanoTime();
            DecisionException fault = assertThrows(DecisionException.class, () -> engine.decide(INPUT));
            long waited = System.nanoTime() - started;

            assertEquals(
                    "the OPA server at " + url
                            + " did not decide: java.net.SocketTimeoutException: no answer within the request timeout of 500 ms",
                    fault.getMessage());
            PipelineFixture.assertWaitedTheTimeoutAndNoMore(REQUEST_TIMEOUT, waited);
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void requestWhenOpaHangsIsRefusedWith503AfterTheRequestTimeout() throws Exception {
        try (HungServer hung = new HungServer()) {
            PipelineFixture request = new PipelineFixture(hung.engine());

            long started = System.nanoTime();
            Outcome outcome = request.protect();
            long waited = System.nanoTime() - started;

            assertEquals(new Outcome.Refused(AuthError.decisionUnavailable()), outcome);
            assertEquals(503, AuthError.decisionUnavailable().status());
            PipelineFixture.assertWaitedTheTimeoutAndNoMore(REQUEST_TIMEOUT, waited);
        }
    }
}
