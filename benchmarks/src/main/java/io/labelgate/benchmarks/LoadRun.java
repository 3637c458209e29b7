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
 * its keep-alive connection, send {@code GET} back to back, first for a warm-up phase, then for
 * measured ones. Each phase ends at its time limit or at {@code --max-requests}, whichever comes
 * first. Every target is warmed up, then measured in {@code --rounds} rounds that take the targets
 * in turn (A B C, A B C, ...), so that a change in the machine's load (it is shared, and noisy)
 * falls on every target alike; a target's throughput is the median of its rounds, and its ratio to
 * the first target the median of the per-round ratios. Every answer must be
 * {@code 200 Hello, World!}, anything else counts as an error.
 *
 * <pre>
 * java -cp labelgate-benchmarks.jar io.labelgate.benchmarks.LoadRun \
 *   --users 16 --warmup 10s --duration 4s --rounds 5 --max-requests 2000000 --out load.json \
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

    /**
     * What one target measured, over all its rounds. Latencies in microseconds; requestsPerSecond
     * is the median of the rounds', and ratioToFirst the median over rounds of this target's
     * throughput divided by the first target's in the same round.
     */
    record Result(String name, String url, boolean protectedByLabelgate, long requests, long errors,
                  double seconds, double requestsPerSecond, double medianMicros, double p99Micros,
                  double meanMicros, String firstError, List<Double> roundRequestsPerSecond, double ratioToFirst) {
    }

    /** The whole run, as written to {@code --out}; durationSeconds is per round. */
    record Run(int users, double warmupSeconds, double durationSeconds, int rounds, long maxRequests,
               List<Result> targets) {
    }

    private record Settings(int users, Duration warmup, Duration duration, int rounds, long maxRequests, Path out,
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
            System.err.println("usage: LoadRun --users N --warmup 10s --duration 4s --rounds 5 --max-requests N"
                    + " --out FILE --target name,url[,token-file] ...");
            System.exit(2);
            return;
        }
        List<Loaded> loaded = new ArrayList<>();
        try {
            for (Target target : settings.targets()) {
                loaded.add(Loaded.open(target));
            }
            for (Loaded one : loaded) {
                System.out.printf(Locale.ROOT, "LoadRun: %s (%s): warm-up %.0f s with %d users%n", one.target().name(),
                        one.target().url(), seconds(settings.warmup()), settings.users());
                Phase warmUp = Phase.run(one.client(), one.request(), settings.users(), settings.warmup(),
                        settings.maxRequests());
                if (warmUp.errors() > 0) {
                    System.out.println("LoadRun: " + one.target().name() + ": " + warmUp.errors()
                            + " errors during warm-up: " + warmUp.firstError());
                }
            }
            for (int round = 1; round <= settings.rounds(); round++) {
                for (Loaded one : loaded) {
                    Phase measured = Phase.run(one.client(), one.request(), settings.users(), settings.duration(),
                            settings.maxRequests());
                    one.rounds().add(measured);
                    System.out.printf(Locale.ROOT, "LoadRun: round %d/%d %s: %.0f req/s, median %.0f µs, %d errors%n",
                            round, settings.rounds(), one.target().name(), measured.requestsPerSecond(),
                            percentile(measured.latenciesNanos(), 50) / 1e3, measured.errors());
                }
            }
        } finally {
            loaded.forEach(Loaded::close);
        }
        List<Result> results = new ArrayList<>();
        for (Loaded one : loaded) {
            Result result = Phase.result(one, loaded.get(0));
            results.add(result);
            System.out.printf(Locale.ROOT, "LoadRun: %s: %d requests in %.1f s, median of %d rounds %.0f req/s "
                            + "(x %.3f of %s), median %.0f µs, p99 %.0f µs, %d errors%n", result.name(),
                    result.requests(), result.seconds(), settings.rounds(), result.requestsPerSecond(),
                    result.ratioToFirst(), loaded.get(0).target().name(), result.medianMicros(), result.p99Micros(),
                    result.errors());
        }
        Run run = new Run(settings.users(), seconds(settings.warmup()), seconds(settings.duration()), settings.rounds(),
                settings.maxRequests(), results);
        Files.createDirectories(settings.out().toAbsolutePath().getParent());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(settings.out().toFile(), run);
        long failed = results.stream().filter(result -> result.errors() > 0).count();
        if (failed > 0) {
            System.err.println("LoadRun: " + failed + " target(s) answered something other than 200 " + EXPECTED_BODY);
            System.exit(1);
        }
    }

    /** A target with its client (keep-alive connections kept across rounds) and its measured rounds. */
    private record Loaded(Target target, HttpRequest request, boolean isProtected, HttpClient client,
                          ExecutorService clientThreads, List<Phase> rounds) implements AutoCloseable {

        static Loaded open(Target target) throws IOException {
            Optional<String> token = target.tokenFile().isPresent()
                    ? Optional.of(Files.readString(target.tokenFile().get(), StandardCharsets.UTF_8).strip())
                    : Optional.empty();
            HttpRequest.Builder builder = HttpRequest.newBuilder(target.url()).timeout(REQUEST_TIMEOUT).GET();
            token.ifPresent(value -> builder.header("Authorization", "Bearer " + value));
            ExecutorService clientThreads = Executors.newCachedThreadPool(runnable -> {
                Thread thread = new Thread(runnable, "load-http-client");
                thread.setDaemon(true);
                return thread;
            });
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(2)).followRedirects(HttpClient.Redirect.NEVER)
                    .executor(clientThreads).build();
            return new Loaded(target, builder.build(), token.isPresent(), client, clientThreads, new ArrayList<>());
        }

        @Override
        public void close() {
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

        double requestsPerSecond() {
            return latenciesNanos.length / (elapsedNanos / 1e9);
        }

        /** A target's result over its rounds, its ratio taken round by round against {@code first}'s. */
        static Result result(Loaded loaded, Loaded first) {
            List<Phase> rounds = loaded.rounds();
            long[] all = rounds.stream().flatMapToLong(phase -> Arrays.stream(phase.latenciesNanos())).sorted().toArray();
            long errors = rounds.stream().mapToLong(Phase::errors).sum();
            double seconds = rounds.stream().mapToLong(Phase::elapsedNanos).sum() / 1e9;
            List<Double> rates = rounds.stream().map(Phase::requestsPerSecond).toList();
            double[] ratios = new double[rounds.size()];
            for (int i = 0; i < ratios.length; i++) {
                ratios[i] = rates.get(i) / first.rounds().get(i).requestsPerSecond();
            }
            String firstError = rounds.stream().map(Phase::firstError).filter(Objects::nonNull).findFirst().orElse(null);
            double mean = all.length == 0 ? Double.NaN : Arrays.stream(all).average().orElseThrow() / 1e3;
            return new Result(loaded.target().name(), loaded.target().url().toString(), loaded.isProtected(), all.length,
                    errors, seconds, median(rates.stream().mapToDouble(Double::doubleValue).toArray()),
                    percentile(all, 50) / 1e3, percentile(all, 99) / 1e3, mean, firstError, rates, median(ratios));
        }
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
        int rounds = 1;
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
                case "--rounds" -> rounds = positive(flag, Integer.parseInt(value));
                case "--out" -> out = Path.of(value);
                case "--target" -> targets.add(Target.parse(value));
                default -> throw new IllegalArgumentException("unknown option " + flag);
            }
        }
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("at least one --target is needed");
        }
        return new Settings(users, warmup, duration, rounds, maxRequests, out, List.copyOf(targets));
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
