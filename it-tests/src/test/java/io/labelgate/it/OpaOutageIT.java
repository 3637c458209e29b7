package io.labelgate.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.labelgate.it.Traffic.Aim;
import io.labelgate.it.Traffic.Shot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The remote engine under a dead OPA: with OPA killed while 32 clients send traffic, no request is
 * allowed, none waits longer than the request timeout (the breaker opens), and traffic recovers
 * soon after OPA returns. A real OPA server and a real Payara Micro; the decision cache is off so
 * every request asks OPA.
 */
class OpaOutageIT {

    private static final Duration REQUEST_TIMEOUT = Duration.ofMillis(500);
    private static final Duration OPEN_INTERVAL = Duration.ofSeconds(1);
    private static final int CLIENTS = 32;
    /** Longest a readiness reading waits for the breaker's state to show. */
    private static final Duration READINESS_WAIT = Duration.ofSeconds(10);

    private Process opa;

    @BeforeAll
    static void emptyRegistry() throws Exception {
        SharedRegistry.reset();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private Process startOpa(int port) throws Exception {
        String executable = System.getProperty("opa.executable");
        if (executable == null || executable.isBlank()) {
            throw new IllegalStateException("needs the OPA CLI: run scripts/test.sh, which passes -Dopa.executable");
        }
        Path policy = Checkout.root().resolve("policies/rego/authz.rego");
        Process process = new ProcessBuilder(
                        executable,
                        "run",
                        "--server",
                        "--addr",
                        "127.0.0.1:" + port,
                        "--log-level",
                        "error",
                        policy.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        HttpClient client = HttpClient.newHttpClient();
        Instant deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline)) {
            try {
                if (client.send(
                                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                                                .timeout(Duration.ofSeconds(1))
                                                .build(),
                                        HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200) {
                    return process;
                }
            } catch (IOException notYet) {
                // keep waiting
            }
            Thread.sleep(100);
        }
        process.destroyForcibly();
        throw new IllegalStateException("OPA did not become healthy on port " + port);
    }

    @AfterEach
    void stopOpa() throws InterruptedException {
        if (opa != null) {
            opa.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void deadOpaAllowsNothingWaitsAtMostTheTimeoutAndTrafficRecovers() throws Exception {
        int port = freePort();
        opa = startOpa(port);
        try (PayaraMicroProcess node = PayaraMicroProcess.start(
                SampleWar.file(),
                SharedRegistry.nodeProperties(
                        "labelgate.engine=remote",
                        "labelgate.engine.remote.url=http://127.0.0.1:" + port,
                        "labelgate.engine.remote.timeout=PT0.5S",
                        "labelgate.engine.remote.open-interval=PT1S",
                        "labelgate.decision-cache.max-size=0"))) {
            String token = new AdminApi(node.uri("/")).read("group=A").token();
            assertEquals(200, Http.bearer(node.uri("/"), token).statusCode());

            URI app = node.uri("/");
            IssuedSecrets.record(token);
            List<Shot<String>> shots;
            long killed;
            long restarting;
            long back;
            HttpResponse<String> down;
            HttpResponse<String> up;
            HttpResponse<String> serverDown;
            HttpResponse<String> serverUp;
            try (Traffic traffic = Traffic.start(CLIENTS, Long.MAX_VALUE, random -> new Aim<>(app, token, "read"))) {
                // the scenario: traffic for 1 s with OPA up, then 3 s with OPA dead
                Thread.sleep(1000);
                assertEquals(200, Http.get(node.uri("/labelgate/health")).statusCode());
                opa.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                killed = System.nanoTime();
                Thread.sleep(3000);
                // readiness follows the breaker, which the traffic moves: wait for what it reports
                down = awaitStatus(node.uri("/labelgate/health"), 503);
                serverDown = awaitStatus(node.serverUri("/health/ready"), 503);
                // OPA answers before startOpa sees it healthy: from here on the breaker's next probe
                // may close it, so the outage is judged up to this moment
                restarting = System.nanoTime();
                opa = startOpa(port);
                back = System.nanoTime();
                up = awaitStatus(node.uri("/labelgate/health"), 200);
                serverUp = awaitStatus(node.serverUri("/health/ready"), 200);
                traffic.stop();
                shots = traffic.await(Duration.ofSeconds(60));
            }
            List<Shot<String>> duringOutage = shots.stream()
                    .filter(shot -> shot.sentNanos() > killed && shot.answeredNanos() < restarting)
                    .toList();
            assertTrue(duringOutage.size() > 10, "traffic went on during the outage: " + duringOutage.size());
            assertEquals(
                    List.of(),
                    duringOutage.stream()
                            .filter(shot -> shot.status() == 200)
                            .map(shot -> "sent " + TimeUnit.NANOSECONDS.toMillis(shot.sentNanos() - killed)
                                    + " ms, answered " + TimeUnit.NANOSECONDS.toMillis(shot.answeredNanos() - killed)
                                    + " ms after the kill")
                            .toList(),
                    "no request is allowed while OPA is dead");
            assertEquals(
                    duringOutage.size(),
                    duringOutage.stream().filter(shot -> shot.status() == 503).count(),
                    "every request during the outage fails closed with 503");
            long slowest = duringOutage.stream().mapToLong(Shot::millis).max().orElseThrow();
            assertTrue(
                    slowest <= REQUEST_TIMEOUT.toMillis() + 1500,
                    "slowest request during the outage: " + slowest + " ms");
            long firstAllowedAfterReturn = shots.stream()
                    .filter(shot -> shot.sentNanos() > back && shot.status() == 200)
                    .mapToLong(Shot::sentNanos)
                    .min()
                    .orElseThrow(() -> new AssertionError("never recovered"));
            long recovery = TimeUnit.NANOSECONDS.toMillis(firstAllowedAfterReturn - back);
            assertEquals(503, down.statusCode(), "readiness reports the engine down while OPA is dead");
            assertEquals(
                    "{\"checks\":[{\"data\":{\"engine\":\"remote\",\"policy\":\"opa-server\"},"
                            + "\"name\":\"labelgate-decision-engine\","
                            + "\"status\":\"DOWN\"},{\"name\":\"labelgate-registry\",\"status\":\"UP\"}],\"status\":\"DOWN\"}",
                    down.body());
            assertEquals(200, up.statusCode(), "and up again once it answers");
            // the same through the server's MicroProfile Health
            assertEquals(503, serverDown.statusCode(), serverDown::body);
            assertEquals("DOWN", readinessCheck(serverDown.body()).get("status").textValue(), serverDown::body);
            assertEquals(
                    "DOWN",
                    readinessCheck(serverDown.body())
                            .get("data")
                            .get("labelgate-decision-engine")
                            .textValue());
            assertEquals(200, serverUp.statusCode(), serverUp::body);
            assertEquals("UP", readinessCheck(serverUp.body()).get("status").textValue(), serverUp::body);
            assertTrue(recovery <= OPEN_INTERVAL.toMillis() + 1000, "recovered after " + recovery + " ms");
            System.out.printf(
                    "OpaOutageIT: %d clients, %d requests during the outage, all 503, slowest %d ms; recovered %d ms after OPA "
                            + "returned (timeout %d ms, breaker interval %d ms)%n",
                    CLIENTS,
                    duringOutage.size(),
                    slowest,
                    recovery,
                    REQUEST_TIMEOUT.toMillis(),
                    OPEN_INTERVAL.toMillis());
        }
    }

    /**
     * Asks {@code uri} until it answers {@code status}, for at most {@link #READINESS_WAIT}, and
     * returns the last answer (which the caller asserts on).
     */
    private static HttpResponse<String> awaitStatus(URI uri, int status) throws InterruptedException {
        Instant deadline = Instant.now().plus(READINESS_WAIT);
        HttpResponse<String> response = Http.get(uri);
        while (response.statusCode() != status && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
            response = Http.get(uri);
        }
        return response;
    }

    /** labelgate's check in a MicroProfile Health answer. */
    static JsonNode readinessCheck(String body) {
        for (JsonNode check : AdminApi.parse(body).get("checks")) {
            if (check.get("name").textValue().equals("labelgate-ai-app")) {
                return check;
            }
        }
        throw new AssertionError("no labelgate-ai-app check in " + body);
    }
}
