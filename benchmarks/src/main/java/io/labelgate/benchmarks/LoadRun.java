package io.labelgate.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A closed-loop HTTP load against running apps on loopback: {@code users} virtual users, each with
 * its keep-alive connection, send {@code GET} back to back, first for a warm-up phase, then for a
 * measured one. Each phase ends at its time limit or at {@code --max-requests}, whichever comes first.
 * Targets are measured one after another with the same settings; every answer must be
 * {@code 200 Hello, World!}, anything else counts as an error.
 *
 * <pre>
 * java -cp labelgate-benchmarks.jar io.labelgate.benchmarks.LoadRun \
 *   --users 16 --warmup 10s --duration 20s --max-requests 2000000 --out load.json \
 *   --target unprotected,http://127.0.0.1:8081/ai-app/ \
 *   --target embedded,http://127.0.0.1:8082/ai-app/,/tmp/data-embedded/ai-app/demo-token
 * </pre>
 */
public final class LoadRun {

    static final String EXPECTED_BODY = "Hello, World!";
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    /** One app to load: a name for the report, its URL, and the bearer token file when it is protected. */
    record Target(String name, URI url, Optional<Path> tokenFile) {
        static Target parse(String spec) {
            String[] parts = spec.split(",", -1);
            if (parts.length < 2 || parts.length > 3 || parts[0].isBlank()) {
                throw new IllegalArgumentException("--target takes name,url[,token-file], not " + spec);
            }
            URI url = URI.create(parts[1]);
            requireLoopback(url);
            return new Target(parts[0], url, parts.length == 3 ? Optional.of(Path.of(parts[2])) : Optional.empty());
        }
    }

    /** What one target measured. Latencies in microseconds. */
    record Result(String name, String url, boolean protectedByLabelgate, long requests, long errors,
                  double seconds, double requestsPerSecond, double medianMicros, double p99Micros,
                  double meanMicros, String firstError) {
    }

    /** The whole run, as written to {@code --out}. */
    record Run(int users, double warmupSeconds, double durationSeconds, long maxRequests, List<Result> targets) {
    }

    private record Settings(int users, Duration warmup, Duration duration, long maxRequests, Path out,
                            List<Target> targets) {
    }

    private LoadRun() {
    }

    public static void main(String[] args) throws Exception {
        Settings settings;
        try {
            settings = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("LoadRun: " + e.getMessage());
            System.err.println("usage: LoadRun --users N --warmup 10s --duration 20s --max-requests N --out FILE"
                    + " --target name,url[,token-file] ...");
            System.exit(2);
            return;
        }
        List<Result> results = new ArrayList<>();
        for (Target target : settings.targets()) {
            results.add(load(target, settings));
        }
        Run run = new Run(settings.users(), seconds(settings.warmup()), seconds(settings.duration()),
                settings.maxRequests(), results);
        Files.createDirectories(settings.out().toAbsolutePath().getParent());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(settings.out().toFile(), run);
        long failed = results.stream().filter(result -> result.errors() > 0).count();
        if (failed > 0) {
            System.err.println("LoadRun: " + failed + " target(s) answered something other than 200 " + EXPECTED_BODY);
            System.exit(1);
        }
    }

    private static Result load(Target target, Settings settings) throws IOException, InterruptedException {
        Optional<String> token = target.tokenFile().isPresent()
                ? Optional.of(Files.readString(target.tokenFile().get(), StandardCharsets.UTF_8).strip())
                : Optional.empty();
        HttpRequest.Builder builder = HttpRequest.newBuilder(target.url()).timeout(REQUEST_TIMEOUT).GET();
        token.ifPresent(value -> builder.header("Authorization", "Bearer " + value));
        HttpRequest request = builder.build();
        ExecutorService clientThreads = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "load-http-client");
            thread.setDaemon(true);
            return thread;
        });
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).followRedirects(HttpClient.Redirect.NEVER)
                .executor(clientThreads).build();
        try {
            System.out.printf(Locale.ROOT, "LoadRun: %s (%s): warm-up %.0f s, then %.0f s with %d users%n",
                    target.name(), target.url(), seconds(settings.warmup()), seconds(settings.duration()),
                    settings.users());
            Phase warmUp = Phase.run(client, request, settings.users(), settings.warmup(), settings.maxRequests());
            if (warmUp.errors() > 0) {
                System.out.println("LoadRun: " + target.name() + ": " + warmUp.errors() + " errors during warm-up: "
                        + warmUp.firstError());
            }
            Phase measured = Phase.run(client, request, settings.users(), settings.duration(), settings.maxRequests());
            Result result = measured.result(target, token.isPresent());
            System.out.printf(Locale.ROOT, "LoadRun: %s: %d requests in %.1f s = %.0f req/s, median %.0f µs, "
                            + "p99 %.0f µs, %d errors%n", result.name(), result.requests(), result.seconds(),
                    result.requestsPerSecond(), result.medianMicros(), result.p99Micros(), result.errors());
            return result;
        } finally {
            clientThreads.shutdownNow();
        }
    }

    /** One phase of closed-loop load: every user sends its next request as soon as the last answered. */
    private record Phase(long[] latenciesNanos, long errors, String firstError, long elapsedNanos) {

        static Phase run(HttpClient client, HttpRequest request, int users, Duration limit, long maxRequests)
                throws InterruptedException {
            AtomicLong budget = new AtomicLong(maxRequests);
            AtomicLong errors = new AtomicLong();
            AtomicReference<String> firstError = new AtomicReference<>();
            long[][] latencies = new long[users][];
            Thread[] threads = new Thread[users];
            long started = System.nanoTime();
            long deadline = started + limit.toNanos();
            for (int user = 0; user < users; user++) {
                int index = user;
                threads[user] = new Thread(() -> {
                    LongList mine = new LongList();
                    while (System.nanoTime() < deadline && budget.getAndDecrement() > 0) {
                        long sent = System.nanoTime();
                        String error = send(client, request);
                        long took = System.nanoTime() - sent;
                        if (error == null) {
                            mine.add(took);
                        } else {
                            errors.incrementAndGet();
                            firstError.compareAndSet(null, error);
                        }
                    }
                    latencies[index] = mine.toArray();
                }, "load-user-" + user);
                threads[user].start();
            }
            for (Thread thread : threads) {
                thread.join();
            }
            long elapsed = System.nanoTime() - started;
            long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).toArray();
            Arrays.sort(all);
            return new Phase(all, errors.get(), firstError.get(), elapsed);
        }

        private static String send(HttpClient client, HttpRequest request) {
            try {
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200 || !EXPECTED_BODY.equals(response.body())) {
                    return "status " + response.statusCode();
                }
                return null;
            } catch (IOException e) {
                return e.getClass().getSimpleName() + ": " + e.getMessage();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return "interrupted";
            }
        }

        Result result(Target target, boolean isProtected) {
            double seconds = elapsedNanos / 1e9;
            long ok = latenciesNanos.length;
            double mean = ok == 0 ? Double.NaN : Arrays.stream(latenciesNanos).average().orElseThrow() / 1e3;
            return new Result(target.name(), target.url().toString(), isProtected, ok, errors, seconds, ok / seconds,
                    percentile(latenciesNanos, 50) / 1e3, percentile(latenciesNanos, 99) / 1e3, mean, firstError);
        }
    }

    /** The nearest-rank percentile of sorted values. */
    static double percentile(long[] sorted, double percent) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static final class LongList {
        private long[] values = new long[1 << 14];
        private int size;

        void add(long value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        long[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }

    static void requireLoopback(URI url) {
        if (!"http".equals(url.getScheme()) || url.getHost() == null) {
            throw new IllegalArgumentException("targets are http URLs on loopback, not " + url);
        }
        try {
            for (InetAddress address : InetAddress.getAllByName(url.getHost())) {
                if (!address.isLoopbackAddress()) {
                    throw new IllegalArgumentException("LoadRun loads loopback addresses only; " + url.getHost()
                            + " is " + address.getHostAddress());
                }
            }
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException("unknown host " + url.getHost(), e);
        }
    }

    private static Settings parse(String[] args) {
        int users = 16;
        Duration warmup = Duration.ofSeconds(10);
        Duration duration = Duration.ofSeconds(20);
        long maxRequests = 5_000_000;
        Path out = Path.of("load.json");
        List<Target> targets = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            String value = args[++i];
            switch (flag) {
                case "--users" -> users = positive(flag, Integer.parseInt(value));
                case "--warmup" -> warmup = duration(flag, value);
                case "--duration" -> duration = duration(flag, value);
                case "--max-requests" -> maxRequests = positive(flag, Long.parseLong(value));
                case "--out" -> out = Path.of(value);
                case "--target" -> targets.add(Target.parse(value));
                default -> throw new IllegalArgumentException("unknown option " + flag);
            }
        }
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("at least one --target is needed");
        }
        return new Settings(users, warmup, duration, maxRequests, out, List.copyOf(targets));
    }

    private static <N extends Number> N positive(String flag, N value) {
        if (value.longValue() < 1) {
            throw new IllegalArgumentException(flag + " must be at least 1");
        }
        return value;
    }

    /** {@code 20s}, {@code 500ms}, or an ISO-8601 duration such as {@code PT20S}. */
    static Duration duration(String flag, String value) {
        Objects.requireNonNull(value, flag);
        Duration parsed;
        if (value.endsWith("ms")) {
            parsed = Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
        } else if (value.endsWith("s") && !value.startsWith("P")) {
            parsed = Duration.ofMillis(Math.round(Double.parseDouble(value.substring(0, value.length() - 1)) * 1000));
        } else {
            parsed = Duration.parse(value);
        }
        if (parsed.isNegative() || parsed.isZero()) {
            throw new IllegalArgumentException(flag + " must be positive, not " + value);
        }
        return parsed;
    }

    private static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }
}
