package io.labelgate.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Closed-loop traffic on loopback: {@code clients} threads each send one request, wait for its
 * answer, record it and send the next, until a request budget is spent or {@link #stop()} is
 * called. Every answer is kept (a {@link Shot}) so a test can judge each decision afterwards.
 *
 * <p>Requests do not go through {@link Http#send}: that records every Authorization header in
 * {@link IssuedSecrets}, which a test must do once per token it sends, not per request.
 */
final class Traffic implements AutoCloseable {

    /** What a client sends: where, with which token (or none), and a label the test judges by. */
    record Aim<T>(URI uri, String token, T target) {
        @Override
        public String toString() {
            return "Aim[uri=" + uri + ", target=" + target + "]";
        }
    }

    /** One answered (or failed) request; times are {@link System#nanoTime()}. */
    record Shot<T>(T target, long sentNanos, long answeredNanos, int status, String body) {

        /** Status 0: the request failed on the client side (connection refused, timeout). */
        boolean failed() {
            return status == 0;
        }

        long millis() {
            return TimeUnit.NANOSECONDS.toMillis(answeredNanos - sentNanos);
        }
    }

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);

    private final HttpClient client;
    private final ExecutorService threads;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong budget;
    private final List<Future<List<?>>> clients = new ArrayList<>();

    private <T> Traffic(int clients, long requests, Function<ThreadLocalRandom, Aim<T>> aim) {
        this.budget = new AtomicLong(requests);
        this.threads = Executors.newFixedThreadPool(clients);
        // the client's own tasks run on its default executor: the pool above is all blocked in send()
        this.client = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        for (int i = 0; i < clients; i++) {
            this.clients.add(threads.submit(() -> fire(aim)));
        }
    }

    /** Starts {@code clients} threads that together send at most {@code requests} requests. */
    static <T> Traffic start(int clients, long requests, Function<ThreadLocalRandom, Aim<T>> aim) {
        return new Traffic(clients, requests, aim);
    }

    private <T> List<?> fire(Function<ThreadLocalRandom, Aim<T>> aim) {
        List<Shot<T>> shots = new ArrayList<>();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (running.get() && budget.getAndDecrement() > 0) {
            Aim<T> next = aim.apply(random);
            HttpRequest.Builder request =
                    HttpRequest.newBuilder(next.uri()).timeout(REQUEST_TIMEOUT).GET();
            if (next.token() != null) {
                request.header("Authorization", "Bearer " + next.token());
            }
            long sent = System.nanoTime();
            int status;
            String body;
            try {
                HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
                status = response.statusCode();
                body = response.body();
            } catch (IOException e) {
                status = 0;
                body = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            shots.add(new Shot<>(next.target(), sent, System.nanoTime(), status, status == 200 ? body : null));
        }
        return shots;
    }

    /** Asks the clients to stop after their current request. */
    void stop() {
        running.set(false);
    }

    /** Waits (boundedly) until every client is done, and returns all shots. */
    @SuppressWarnings("unchecked")
    <T> List<Shot<T>> await(Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        List<Shot<T>> all = new ArrayList<>();
        for (Future<List<?>> one : clients) {
            long left = Math.max(1, deadline - System.nanoTime());
            all.addAll((List<Shot<T>>) one.get(left, TimeUnit.NANOSECONDS));
        }
        return Collections.unmodifiableList(all);
    }

    @Override
    public void close() throws InterruptedException {
        stop();
        threads.shutdownNow();
        threads.awaitTermination(30, TimeUnit.SECONDS);
    }
}
