package io.labelgate.it;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL of one test's own, run by {@code scripts/postgres.sh} in a fresh cluster on
 * 127.0.0.1, so the test can stop it under traffic and bring it back without disturbing the
 * registry other tests share. {@link #close()} stops it and removes its directory.
 */
final class PostgresServer implements AutoCloseable {

    private static final long SCRIPT_TIMEOUT_SECONDS = 180;

    private final Path base;
    private final Path dataDir;
    private final String url;

    private PostgresServer(Path base, String url) {
        this.base = base;
        this.dataDir = base.resolve("data");
        this.url = url;
    }

    /** A fresh cluster; under /tmp because the postgres user must be able to reach it. */
    static PostgresServer start() throws IOException, InterruptedException {
        Path base = Files.createTempDirectory(
                Path.of("/tmp"),
                "labelgate-it-postgres",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        String url = script("start", base.resolve("data").toString(), Integer.toString(port))
                .strip();
        return new PostgresServer(base, url);
    }

    String url() {
        return url;
    }

    /** Stops the server (fast shutdown: sessions are ended, as when the database goes away). */
    void stop() throws IOException, InterruptedException {
        script("stop", dataDir.toString());
    }

    /** Starts the same cluster again, data kept. */
    void resume() throws IOException, InterruptedException {
        script("resume", dataDir.toString());
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            stop();
        } finally {
            new ProcessBuilder("rm", "-rf", base.toString()).inheritIO().start().waitFor(60, TimeUnit.SECONDS);
        }
    }

    private static String script(String... arguments) throws IOException, InterruptedException {
        String[] command = new String[arguments.length + 1];
        command[0] = Checkout.root().resolve("scripts/postgres.sh").toString();
        System.arraycopy(arguments, 0, command, 1, arguments.length);
        Path stdout = Files.createTempFile("labelgate-postgres-sh", ".out");
        try {
            Process process = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .redirectOutput(stdout.toFile())
                    .start();
            if (!process.waitFor(SCRIPT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(
                        "postgres.sh " + arguments[0] + " did not finish in " + SCRIPT_TIMEOUT_SECONDS + " s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(
                        "postgres.sh " + String.join(" ", arguments) + " failed with " + process.exitValue());
            }
            return Files.readString(stdout, StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(stdout);
        }
    }
}
