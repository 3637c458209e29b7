package io.labelgate.it;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Payara Micro started by a test beside the Arquillian-managed one (the Arquillian adapter runs
 * one server per deployment and cannot hold two at once). Bound to 127.0.0.1 by the same
 * pre-boot command, stopped by its PID in {@link #close()}.
 */
final class PayaraMicroProcess implements AutoCloseable {

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(150);
    /** Configuration keys passed as environment variables, never as command-line system properties. */
    private static final Set<String> SECRET_KEYS =
            Set.of("labelgate.admin.secret", "labelgate.keys.encryption-key", "labelgate.registry.password");

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final int port;
    private final String contextRoot;
    private final Path log;

    private PayaraMicroProcess(Process process, int port, String contextRoot, Path log) {
        this.process = process;
        this.port = port;
        this.contextRoot = contextRoot;
        this.log = log;
    }

    /**
     * Starts Payara Micro with one WAR and labelgate configured by system properties, and waits
     * until the server is ready.
     */
    static PayaraMicroProcess start(Path war, List<String> systemProperties) throws IOException, InterruptedException {
        int port = freeLoopbackPort();
        String contextRoot = war.getFileName().toString().replaceFirst("\\.war$", "");
        Path log = war.resolveSibling(contextRoot + "-" + port + "-payara.log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m",
                "-Djava.io.tmpdir=" + log.getParent()));
        Map<String, String> environment = new HashMap<>();
        for (String property : systemProperties) {
            String key = property.substring(0, property.indexOf('='));
            if (SECRET_KEYS.contains(key)) {
                // as MicroProfile Config maps them; a secret on the command line ends up in logs
                environment.put(
                        key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_"),
                        property.substring(property.indexOf('=') + 1));
            } else {
                command.add("-D" + property);
            }
        }
        command.addAll(List.of(
                "-jar",
                System.getProperty("labelgate.it.payara.jar"),
                "--deploy",
                war.toString(),
                "--port",
                Integer.toString(port),
                "--nocluster",
                "--nohazelcast",
                "--prebootcommandfile",
                System.getProperty("labelgate.it.preboot")));
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        PayaraMicroProcess server = new PayaraMicroProcess(process, port, contextRoot, log);
        try {
            server.awaitReady();
        } catch (IOException | InterruptedException | RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /**
     * Starts {@code count} servers of the same WAR at the same moment, as nodes of a cluster start;
     * if one fails, those that started are stopped.
     */
    static List<PayaraMicroProcess> startTogether(int count, Path war, List<String> systemProperties)
            throws InterruptedException {
        List<CompletableFuture<PayaraMicroProcess>> starting = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            starting.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return start(war, systemProperties);
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException("cannot start a node", e);
                }
            }));
        }
        List<PayaraMicroProcess> nodes = new ArrayList<>();
        try {
            for (CompletableFuture<PayaraMicroProcess> node : starting) {
                nodes.add(node.get(2 * STARTUP_TIMEOUT.toSeconds(), TimeUnit.SECONDS));
            }
            return nodes;
        } catch (ExecutionException | TimeoutException e) {
            starting.forEach(node -> node.thenAccept(PayaraMicroProcess::close));
            throw new IllegalStateException("cannot start " + count + " nodes", e);
        }
    }

    /** The URI of a path inside the deployed app. */
    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + "/" + contextRoot + path);
    }

    /** The URI of a path of the server itself, outside the app (e.g. MicroProfile Health's {@code /health/ready}). */
    URI serverUri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** The server's process id, e.g. for {@code jcmd}. */
    long pid() {
        return process.pid();
    }

    /**
     * The server's live heap in bytes: a full collection ({@code jcmd GC.run}) and then the used
     * heap reported by {@code jcmd GC.heap_info}.
     */
    long liveHeapBytes() throws IOException, InterruptedException {
        jcmd("GC.run");
        Matcher used = Pattern.compile("total \\d+K, used (\\d+)K").matcher(jcmd("GC.heap_info"));
        if (!used.find()) {
            throw new IllegalStateException("jcmd GC.heap_info printed no used heap");
        }
        return Long.parseLong(used.group(1)) * 1024;
    }

    private String jcmd(String command) throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                        Long.toString(process.pid()),
                        command)
                .redirectErrorStream(true)
                .start();
        String output = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!jcmd.waitFor(60, TimeUnit.SECONDS)) {
            jcmd.destroyForcibly();
            throw new IllegalStateException("jcmd " + command + " did not finish in 60 s");
        }
        if (jcmd.exitValue() != 0) {
            throw new IllegalStateException("jcmd " + command + " failed: " + output);
        }
        return output;
    }

    /** Waits until Payara Micro reports itself ready (whether or not the app deployed). */
    private void awaitReady() throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Payara Micro exited with " + process.exitValue() + "; see " + log);
            }
            if (log().contains(" ready in ")) {
                return;
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("Payara Micro was not ready within " + STARTUP_TIMEOUT + "; see " + log);
    }

    /** Everything the server printed so far. */
    String log() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    /** Kills the server at once (SIGKILL): no shutdown hook, no flush, as a crash would. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        ProcessHandle handle = process.toHandle();
        handle.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                handle.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
