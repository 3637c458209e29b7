package io.labelgate.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.labelgate.benchmarks.LoadRunOptions.Settings;
import io.labelgate.benchmarks.LoadRunOptions.Target;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A closed-loop HTTP load against running apps on loopback, driven by {@code wrk} (Debian's native
 * load generator), never by a Java client: on two cores a Java generator needs more CPU than the
 * server it measures and hides labelgate's cost. {@code users} keep-alive connections on one wrk
 * thread send {@code GET} back to back; each request carries a credential picked at random from the
 * target's file (one token per line — many tokens, as a deployment sees them — or session cookies).
 * Every target is warmed up, then measured in {@code --rounds} rounds that take the targets in turn
 * (A B C, A B C, ...), so that a change in the machine's load (it is shared, and noisy) falls on
 * every target alike; a target's throughput and latencies are the medians of its rounds, and its
 * ratio to the first target (or to the target its {@code baseline=} names: the same app's unprotected
 * copy at another path, say) the median of the per-round ratios. Every answer must be
 * {@code 200 Hello, World!}, anything else counts as an error. Each round also records the CPU time
 * wrk and the server (when its PID is given) used, so the report can show that the generator was
 * not the bottleneck, and the server's resident set after the rounds.
 *
 * <pre>
 * java -cp labelgate-benchmarks.jar io.labelgate.benchmarks.LoadRun \
 *   --users 16 --warmup 10s --duration 4s --rounds 5 --out load.json \
 *   --target name=unprotected,url=http://127.0.0.1:8081/ai-app/,pid=1234 \
 *   --target name=embedded,url=http://127.0.0.1:8082/ai-app/,credentials=/tmp/tokens.txt,pid=1235 \
 *   --target name=sessions,url=http://127.0.0.1:8082/ai-app/,credentials=/tmp/cookies.txt,mode=cookie \
 *   --target name=unprotected-api,url=http://127.0.0.1:8081/ai-app/api/hello,pid=1234 \
 *   --target name=embedded-api,url=http://127.0.0.1:8082/ai-app/api/hello,credentials=/tmp/tokens.txt,baseline=unprotected-api
 * </pre>
 */
public final class LoadRun {

    private static final Pattern RESULT = Pattern.compile("LABELGATE-RESULT requests=(\\d+) errors=(\\d+) "
            + "socket_errors=(\\d+) duration_us=(\\d+) p50_us=(\\d+) p99_us=(\\d+) mean_us=([0-9.]+) first=(\\S+)");
    /** bash's {@code times}: the shell's user and system time, then its children's (wrk's). */
    private static final Pattern TIMES = Pattern.compile("(\\d+)m([0-9.]+)s (\\d+)m([0-9.]+)s");

    private static final long CLOCK_TICKS_PER_SECOND = 100;

    /**
     * What one target measured, over all its rounds. Latencies in microseconds, medians of the
     * rounds'; requestsPerSecond is the median of the rounds', ratioToFirst the median over rounds
     * of this target's throughput divided by its baseline's (the first target, unless it names
     * another) in the same round; generatorCores
     * and serverCores are the CPU time wrk and the server used per second of load (medians);
     * residentMiB is the server's resident set after its last round (-1 when not measured).
     */
    record Result(
            String name,
            String url,
            boolean protectedByLabelgate,
            int credentials,
            long requests,
            long errors,
            double seconds,
            double requestsPerSecond,
            double medianMicros,
            double p99Micros,
            double meanMicros,
            String firstError,
            List<Double> roundRequestsPerSecond,
            String baseline,
            double ratioToFirst,
            double generatorCores,
            double serverCores,
            long residentMiB) {}

    /** The whole run, as written to {@code --out}; durationSeconds is per round. */
    record Run(
            String generator,
            int users,
            double warmupSeconds,
            double durationSeconds,
            int rounds,
            List<Result> targets) {}

    /** One phase of load, as wrk measured it, with the CPU time it and the server used. */
    private record Phase(
            long requests,
            long errors,
            String firstError,
            double seconds,
            double p50Micros,
            double p99Micros,
            double meanMicros,
            double generatorCpuSeconds,
            double serverCpuSeconds) {

        double requestsPerSecond() {
            return requests / seconds;
        }
    }

    private LoadRun() {}

    public static void main(String[] args) throws Exception {
        Settings settings;
        try {
            settings = LoadRunOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("LoadRun: " + e.getMessage());
            System.err.println("usage: LoadRun --users N --warmup 10s --duration 4s --rounds 5 --out FILE"
                    + " --target name=...,url=...[,credentials=FILE][,mode=bearer|cookie][,pid=N] ...");
            System.exit(2);
            return;
        }
        Path script = Files.createTempFile("labelgate-wrk", ".lua");
        try (InputStream in =
                Objects.requireNonNull(LoadRun.class.getResourceAsStream("/wrk/labelgate.lua"), "wrk/labelgate.lua")) {
            Files.write(script, in.readAllBytes());
        }
        Map<String, List<Phase>> rounds = new HashMap<>();
        try {
            for (Target target : settings.targets()) {
                System.out.printf(
                        Locale.ROOT,
                        "LoadRun: %s (%s): warm-up %.0f s with %d connections%n",
                        target.name(),
                        target.url(),
                        seconds(settings.warmup()),
                        settings.users());
                Phase warmUp = wrk(target, settings.users(), settings.warmup(), script);
                if (warmUp.errors() > 0) {
                    System.out.println("LoadRun: " + target.name() + ": " + warmUp.errors() + " errors during warm-up: "
                            + warmUp.firstError());
                }
                rounds.put(target.name(), new ArrayList<>());
            }
            for (int round = 1; round <= settings.rounds(); round++) {
                for (Target target : settings.targets()) {
                    Phase measured = wrk(target, settings.users(), settings.duration(), script);
                    rounds.get(target.name()).add(measured);
                    System.out.printf(
                            Locale.ROOT,
                            "LoadRun: round %d/%d %s: %.0f req/s, median %.0f µs, p99 %.0f µs, "
                                    + "%d errors; wrk %.2f cores, server %.2f cores%n",
                            round,
                            settings.rounds(),
                            target.name(),
                            measured.requestsPerSecond(),
                            measured.p50Micros(),
                            measured.p99Micros(),
                            measured.errors(),
                            measured.generatorCpuSeconds() / measured.seconds(),
                            measured.serverCpuSeconds() / measured.seconds());
                }
            }
        } finally {
            Files.deleteIfExists(script);
        }
        List<Result> results = new ArrayList<>();
        String first = settings.targets().get(0).name();
        for (Target target : settings.targets()) {
            String baseline = target.baseline().orElse(first);
            Result result = result(target, rounds.get(target.name()), baseline, rounds.get(baseline));
            results.add(result);
            System.out.printf(
                    Locale.ROOT,
                    "LoadRun: %s: %d requests in %.1f s, median of %d rounds %.0f req/s "
                            + "(x %.3f of %s), median %.0f µs, p99 %.0f µs, %d errors, wrk %.2f cores, resident %d MiB%n",
                    result.name(),
                    result.requests(),
                    result.seconds(),
                    settings.rounds(),
                    result.requestsPerSecond(),
                    result.ratioToFirst(),
                    baseline,
                    result.medianMicros(),
                    result.p99Micros(),
                    result.errors(),
                    result.generatorCores(),
                    result.residentMiB());
        }
        Run run = new Run(
                version(),
                settings.users(),
                seconds(settings.warmup()),
                seconds(settings.duration()),
                settings.rounds(),
                results);
        Files.createDirectories(settings.out().toAbsolutePath().getParent());
        new ObjectMapper()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(settings.out().toFile(), run);
        long failed = results.stream().filter(result -> result.errors() > 0).count();
        if (failed > 0) {
            System.err.println("LoadRun: " + failed + " target(s) answered something other than 200 Hello, World!");
            System.exit(1);
        }
    }

    /** Runs wrk for one phase, under bash so that {@code times} reports wrk's own CPU time. */
    private static Phase wrk(Target target, int users, Duration limit, Path script)
            throws IOException, InterruptedException {
        long seconds = Math.max(1, Math.round(seconds(limit)));
        List<String> command = List.of(
                "bash",
                "-c",
                "wrk \"$@\"; status=$?; times; exit $status",
                "wrk",
                "-t1",
                "-c" + users,
                "-d" + seconds + "s",
                "--timeout",
                "10s",
                "-s",
                script.toString(),
                target.url().toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("LABELGATE_MODE", target.mode());
        target.credentials().ifPresent(file -> builder.environment().put("LABELGATE_CREDENTIALS", file.toString()));
        double serverBefore = serverCpuSeconds(target);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(seconds + 60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("wrk did not end for " + target.name());
        }
        double serverCpu = serverCpuSeconds(target) - serverBefore;
        Matcher result = RESULT.matcher(output);
        if (process.exitValue() != 0 || !result.find()) {
            throw new IllegalStateException(
                    "wrk failed for " + target.name() + " (exit " + process.exitValue() + "):\n" + output);
        }
        Matcher times = TIMES.matcher(output.substring(result.end()));
        double generatorCpu = 0;
        if (times.find() && times.find()) {
            // the second line of `times` is the children's: wrk's user and system time
            generatorCpu = Integer.parseInt(times.group(1)) * 60
                    + Double.parseDouble(times.group(2))
                    + Integer.parseInt(times.group(3)) * 60
                    + Double.parseDouble(times.group(4));
        }
        long errors = Long.parseLong(result.group(2)) + Long.parseLong(result.group(3));
        String firstError = result.group(8).equals("-")
                ? (Long.parseLong(result.group(3)) > 0 ? "socket errors" : null)
                : result.group(8).replace('_', ' ');
        return new Phase(
                Long.parseLong(result.group(1)),
                errors,
                firstError,
                Long.parseLong(result.group(4)) / 1e6,
                Double.parseDouble(result.group(5)),
                Double.parseDouble(result.group(6)),
                Double.parseDouble(result.group(7)),
                generatorCpu,
                serverCpu);
    }

    /** The server's user + system CPU time so far, from /proc (0 when no PID was given). */
    private static double serverCpuSeconds(Target target) throws IOException {
        if (target.pid().isEmpty()) {
            return 0;
        }
        String stat =
                Files.readString(Path.of("/proc", Long.toString(target.pid().getAsLong()), "stat"));
        // fields after the command name, which is in parentheses and may hold spaces
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / (double) CLOCK_TICKS_PER_SECOND;
    }

    /** The server's resident set in MiB, from /proc (-1 when no PID was given). */
    private static long residentMiB(Target target) throws IOException {
        if (target.pid().isEmpty()) {
            return -1;
        }
        for (String line :
                Files.readAllLines(Path.of("/proc", Long.toString(target.pid().getAsLong()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        }
        return -1;
    }

    /** A target's result over its rounds, its ratio taken round by round against its baseline's. */
    private static Result result(Target target, List<Phase> rounds, String baseline, List<Phase> baselineRounds)
            throws IOException {
        long requests = rounds.stream().mapToLong(Phase::requests).sum();
        long errors = rounds.stream().mapToLong(Phase::errors).sum();
        double seconds = rounds.stream().mapToDouble(Phase::seconds).sum();
        List<Double> rates = rounds.stream().map(Phase::requestsPerSecond).toList();
        double[] ratios = new double[rounds.size()];
        for (int i = 0; i < ratios.length; i++) {
            ratios[i] = rates.get(i) / baselineRounds.get(i).requestsPerSecond();
        }
        String firstError = rounds.stream()
                .map(Phase::firstError)
                .filter(Objects::nonNull)
                .findFirst()
                .orElse(null);
        int credentials = target.credentials().isPresent()
                ? (int) Files.readAllLines(target.credentials().get()).stream()
                        .filter(line -> !line.isBlank())
                        .count()
                : 0;
        return new Result(
                target.name(),
                target.url().toString(),
                target.credentials().isPresent(),
                credentials,
                requests,
                errors,
                seconds,
                median(rates),
                median(rounds, Phase::p50Micros),
                median(rounds, Phase::p99Micros),
                median(rounds, Phase::meanMicros),
                firstError,
                rates,
                baseline,
                median(ratios),
                median(rounds, phase -> phase.generatorCpuSeconds() / phase.seconds()),
                median(rounds, phase -> phase.serverCpuSeconds() / phase.seconds()),
                residentMiB(target));
    }

    private static double median(List<Phase> rounds, ToDoubleFunction<Phase> value) {
        return median(rounds.stream().mapToDouble(value).toArray());
    }

    private static double median(List<Double> values) {
        return median(values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** The median of some values (the mean of the middle two for an even count). */
    static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static String version() throws IOException, InterruptedException {
        Process process =
                new ProcessBuilder("wrk", "--version").redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor(10, TimeUnit.SECONDS);
        return output.lines()
                .findFirst()
                .orElse("wrk")
                .replaceAll(" Copyright.*", "")
                .strip();
    }

    private static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }
}
