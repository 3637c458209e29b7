package io.labelgate.it;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real {@code labelgate} command-line client, run as a process ({@code java -jar}), as a user runs it. */
public final class Cli {

    /** Longest a single CLI run may take (JVM start included) before the test gives up and kills it. */
    private static final long RUN_LIMIT_SECONDS = 60;

    private Cli() {}

    /** One finished run of the CLI. */
    public record Result(int exitCode, String out, String err) {
        public List<String> errLines() {
            return err.lines().toList();
        }

        public List<String> outLines() {
            return out.lines().toList();
        }
    }

    /** Runs {@code java -jar labelgate-cli.jar args} with exactly these LABELGATE_* variables, bounded in time. */
    public static Result run(Map<String, String> env, String... args) {
        Path jar = Path.of(System.getProperty("labelgate.it.cli.jar"));
        assertTrue(Files.isRegularFile(jar), "the CLI jar is built first: " + jar);
        List<String> command = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString()));
        command.addAll(List.of(args));
        try {
            Path out = Files.createTempFile("labelgate-cli", ".out");
            Path err = Files.createTempFile("labelgate-cli", ".err");
            try {
                ProcessBuilder builder = new ProcessBuilder(command)
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile());
                builder.environment().keySet().removeIf(name -> name.startsWith("LABELGATE_"));
                builder.environment().putAll(env);
                Process process = builder.start();
                if (!process.waitFor(RUN_LIMIT_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                    throw new AssertionError(
                            "labelgate " + args[0] + " did not finish within " + RUN_LIMIT_SECONDS + " s");
                }
                return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Runs it against the app at {@code appRoot} with the test admin secret. */
    public static Result admin(URI appRoot, String... args) {
        String url = appRoot.toString().replaceAll("/$", "");
        return run(Map.of("LABELGATE_URL", url, "LABELGATE_ADMIN_SECRET", AdminApi.SECRET), args);
    }
}
