package io.labelgate.decision;

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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A real {@code opa run --server} on 127.0.0.1, loaded with one policy file, for tests that need
 * the real OPA: started healthy or failing the test with its log, stopped (by its process) on close.
 *
 * <p>The OPA CLI is passed as {@code -Dopa.executable} by scripts/test.sh; classes that use this
 * are skipped without it, so that {@code mvn test} stays possible on a machine without OPA.
 */
public final class OpaServer implements AutoCloseable {

    /** The system property that names the OPA CLI. */
    public static final String PROPERTY = "opa.executable";
    /** Why a test needing OPA is skipped or fails. */
    public static final String NEEDS_OPA =
            "needs the real OPA CLI: run scripts/test.sh, which installs OPA and passes" + " -Dopa.executable";

    private final Process process;
    private final URI url;

    private OpaServer(Process process, URI url) {
        this.process = process;
        this.url = url;
    }

    /** The OPA CLI this run was given, checked to be an executable. */
    public static Path executable() {
        String executable = System.getProperty(PROPERTY);
        if (executable == null || executable.isBlank()) {
            fail(NEEDS_OPA);
        }
        Path opa = Path.of(executable);
        assertTrue(Files.isExecutable(opa), () -> "-D" + PROPERTY + "=" + opa + " is not an executable; " + NEEDS_OPA);
        return opa;
    }

    /**
     * Starts OPA serving only this policy file or bundle ({@code .tar.gz}), its output in {@code target/<logName>}, and waits
     * (at most 30 s) until it answers 200 on {@code /health}.
     */
    public static OpaServer start(Path policy, String logName) throws IOException, InterruptedException {
        assertTrue(Files.isRegularFile(policy), () -> "no policy at " + policy);
        int port = freePort();
        Path log = Path.of("target", logName).toAbsolutePath();
        Files.createDirectories(log.getParent());
        // a .tar.gz is a bundle, whose Rego OPA evaluates
        List<String> load = policy.toString().endsWith(".tar.gz")
                ? List.of("--bundle", policy.toString())
                : List.of(policy.toString());
        List<String> command = new ArrayList<>(List.of(
                executable().toString(), "run", "--server", "--addr", "127.0.0.1:" + port, "--log-level", "error"));
        command.addAll(load);
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        OpaServer server = new OpaServer(process, URI.create("http://127.0.0.1:" + port));
        try {
            server.awaitHealthy(log);
        } catch (IOException | InterruptedException | RuntimeException | AssertionError e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** OPA's base URL, e.g. {@code http://127.0.0.1:40123}. */
    public URI url() {
        return url;
    }

    private void awaitHealthy(Path log) throws IOException, InterruptedException {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest health = HttpRequest.newBuilder(url.resolve("/health"))
                .timeout(Duration.ofSeconds(1))
                .GET()
                .build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                fail("opa run exited with " + process.exitValue() + ": " + readQuietly(log));
            }
            try {
                if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYetListening) {
                // keep waiting until the deadline
            }
            Thread.sleep(100);
        }
        fail("opa run did not answer 200 on " + url.resolve("/health") + " within 30 s: " + readQuietly(log));
    }

    /** Stops this OPA process (and only it), waiting at most 20 s. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    static String readQuietly(Path file) {
        try {
            return Files.readString(file, UTF_8);
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }
}
