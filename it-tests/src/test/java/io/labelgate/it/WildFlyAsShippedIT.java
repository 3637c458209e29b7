package io.labelgate.it;

import io.labelgate.http.AuthError;
import io.labelgate.http.Refusal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * README's promise for a WildFly whose application security domain is left as it ships
 * ({@code integrated-jaspi="true"}): with labelgate as the application's Jakarta Security mechanism
 * the container refuses the caller labelgate names, and labelgate fails closed: every request it
 * allowed is answered 503, its refusals stay what they were, and the log says which setting to
 * change, once. Runs in the WildFly execution only, on a server of its own (a copy of the test
 * server's configuration, that one attribute put back, every port shifted), stopped by its PID.
 */
class WildFlyAsShippedIT {

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(150);
    private static final String REALM = "ai-app";
    private static final String SEVERE_LINE = "set integrated-jaspi=false";

    private static final HttpClient DEMO_CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private static Process server;
    private static Path base;
    private static int httpPort;

    @BeforeAll
    static void startWildFlyAsShipped() throws IOException, InterruptedException {
        Path home = Path.of(System.getProperty("labelgate.it.wildfly.home"));
        base = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "wildfly-as-shipped");
        Path configuration = Files.createDirectories(base.resolve("configuration"));
        try (Stream<Path> files = Files.list(home.resolve("standalone/configuration"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.copy(file, configuration.resolve(file.getFileName()));
            }
        }
        // the test server's one change (src/test/servers/wildfly-cli/jakarta-security.cli), undone
        Path standalone = configuration.resolve("standalone.xml");
        String xml = Files.readString(standalone);
        String prepared = "application-security-domain name=\"other\" security-domain=\"ApplicationDomain\""
                + " integrated-jaspi=\"false\"";
        assertTrue(xml.contains(prepared), "the test server's standalone.xml has " + prepared);
        Files.writeString(standalone, xml.replace(prepared, prepared.replace("\"false\"", "\"true\"")));
        Path deployments = Files.createDirectories(base.resolve("deployments"));
        Files.copy(
                Path.of(System.getProperty("labelgate.it.war.dir"), "ai-app.war"), deployments.resolve("ai-app.war"));

        int offset = freePortOffset();
        httpPort = 8080 + offset;
        ProcessBuilder builder = new ProcessBuilder(
                        "bash",
                        home.resolve("bin/standalone.sh").toString(),
                        "-Djboss.server.base.dir=" + base,
                        "-Djboss.socket.binding.port-offset=" + offset,
                        "-Djboss.bind.address=127.0.0.1",
                        "-Djboss.bind.address.management=127.0.0.1",
                        "-Dlabelgate.data-dir=" + base.resolve("labelgate-data"))
                .redirectErrorStream(true)
                .redirectOutput(base.resolve("console.log").toFile());
        builder.environment().put("JBOSS_HOME", home.toString());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("JAVA_OPTS", "-Xmx512m -Djava.io.tmpdir=" + base);
        server = builder.start();
        awaitDeployed();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (server == null) {
            return;
        }
        ProcessHandle handle = server.toHandle();
        List<ProcessHandle> children = handle.descendants().toList();
        children.forEach(ProcessHandle::destroy);
        server.destroy();
        if (!server.waitFor(30, TimeUnit.SECONDS)) {
            children.forEach(ProcessHandle::destroyForcibly);
            server.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        for (ProcessHandle child : children) {
            child.onExit()
                    .toCompletableFuture()
                    .orTimeout(30, TimeUnit.SECONDS)
                    .exceptionally(e -> null)
                    .join();
        }
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + httpPort + "/ai-app" + path);
    }

    /** The sample's demo token, which demo mode logs on purpose (so neither recorded nor sent through {@link Http}). */
    private static String demoToken() throws IOException {
        return Files.readString(base.resolve("labelgate-data/ai-app/demo-token"))
                .strip();
    }

    /**
     * A GET with the demo token, sent past {@link Http}, which records every credential it sends
     * for scripts/scan-logs.sh: demo mode prints this one in the server log on purpose.
     */
    private static HttpResponse<String> withDemoToken(URI uri, String token) throws IOException {
        try {
            return DEMO_CLIENT.send(
                    HttpRequest.newBuilder(uri)
                            .timeout(Duration.ofSeconds(20))
                            .header("Authorization", "Bearer " + token)
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static String serverLog() throws IOException {
        Path log = base.resolve("log/server.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    @Test
    void everyRequestLabelgateAllowedIsAnswered503AndTheLogSaysWhyOnce() throws IOException {
        String token = demoToken();
        Refusal unavailable = Refusal.of(AuthError.decisionUnavailable(), REALM);

        for (String path : List.of("/", "/api/hello", "/api/caller", "/api/caller/cdi", "/")) {
            HttpResponse<String> response = withDemoToken(uri(path), token);

            assertEquals(unavailable.status(), response.statusCode(), path + ": " + response.body());
            assertEquals(unavailable.body(), response.body(), path);
            assertEquals(unavailable.wwwAuthenticate(), Http.header(response, "WWW-Authenticate"), path);
        }
        String log = serverLog();
        assertEquals(1, occurrences(log, SEVERE_LINE), "one SEVERE line naming the setting, in\n" + log);
        assertTrue(log.contains("SEVERE [io.labelgate.cdi.LabelgateMechanism]"), log);
    }

    @Test
    void whatLabelgateRefusesIsRefusedAsBefore() {
        HttpResponse<String> none = Http.get(uri("/api/caller"));
        HttpResponse<String> forged = Http.bearer(uri("/api/caller"), "not.a.token");

        Refusal missing = Refusal.of(AuthError.missingToken(), REALM);
        assertEquals(missing.status(), none.statusCode(), none::body);
        assertEquals(missing.body(), none.body());
        assertEquals(401, forged.statusCode(), forged::body);
    }

    private static int occurrences(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            count++;
        }
        return count;
    }

    /** Waits until the deployment answers, or fails with the server's console. */
    private static void awaitDeployed() throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!server.isAlive()) {
                throw new IllegalStateException("WildFly exited with " + server.exitValue() + "; see " + base);
            }
            String log = serverLog();
            if (log.contains("WFLYSRV0025") || log.contains("WFLYSRV0026")) {
                if (!log.contains("Deployed \"ai-app.war\"")) {
                    throw new IllegalStateException("WildFly started without the sample; see " + base);
                }
                return;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("WildFly was not up within " + STARTUP_TIMEOUT + "; see " + base);
    }

    /**
     * A port offset whose HTTP, HTTPS, management and transaction ports are all free on loopback,
     * beside the Arquillian-managed WildFly on the default ports.
     */
    private static int freePortOffset() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int offset = ThreadLocalRandom.current().nextInt(1000, 20000);
            if (Stream.of(8080, 8443, 9990, 9993, 4712, 4713, 8009).allMatch(port -> free(port + offset))) {
                return offset;
            }
        }
        throw new IOException("no free port offset for a second WildFly after 50 attempts");
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
