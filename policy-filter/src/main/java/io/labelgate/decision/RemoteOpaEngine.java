package io.labelgate.decision;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Asks an OPA server (sidecar or shared) over its REST API ({@code POST /v1/data/<path>} with
 * {@code {"input": ...}}), with the same input document and the same strict answer parsing as the
 * embedded engine.
 *
 * <p>The transport is {@link OpaHttp}: a blocking HTTP/1.1 keep-alive connection of the JDK, the
 * fastest client measured short of HTTP written by hand (issue 18), bounded by {@code connectTimeout} on connecting and
 * {@code requestTimeout} on the whole request. Anything but a 200 with a well-formed decision
 * document is a fault ({@link DecisionException}, 503), never a verdict. A circuit breaker opens
 * after repeated faults, so a dead OPA costs at most the timeout once per {@code openInterval}
 * rather than per request; while open, decisions fail at once (503). One probe is let through
 * after the interval and closes the breaker as soon as OPA answers again.
 */
public final class RemoteOpaEngine implements DecisionEngine {

    /** The decision document's path under {@code /v1/data}. */
    public static final String DEFAULT_PATH = "labelgate/authz/decision";

    private final OpaHttp http;
    private final String path;
    private final CircuitBreaker breaker;
    private final URI url;

    /**
     * @param url            OPA's base URL, e.g. {@code http://127.0.0.1:8181}
     * @param path           the decision document, e.g. {@code labelgate/authz/decision}
     * @param connectTimeout bound on opening a connection
     * @param requestTimeout bound on a whole decision request
     * @param openInterval   how long the breaker stays open before one probe
     */
    public RemoteOpaEngine(
            URI url, String path, Duration connectTimeout, Duration requestTimeout, Duration openInterval) {
        this.url = Objects.requireNonNull(url, "url");
        this.path = Objects.requireNonNull(path, "path");
        this.http = new OpaHttp(
                endpoint(url, path),
                Objects.requireNonNull(connectTimeout, "connectTimeout"),
                Objects.requireNonNull(requestTimeout, "requestTimeout"));
        this.breaker = CircuitBreaker.of(
                "labelgate-opa",
                CircuitBreakerConfig.custom()
                        .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                        .slidingWindowSize(5)
                        .minimumNumberOfCalls(3)
                        .failureRateThreshold(50)
                        .waitDurationInOpenState(Objects.requireNonNull(openInterval, "openInterval"))
                        .permittedNumberOfCallsInHalfOpenState(1)
                        .automaticTransitionFromOpenToHalfOpenEnabled(false)
                        .build());
    }

    private static URL endpoint(URI url, String path) {
        String base = url.toString().replaceAll("/+$", "");
        try {
            return URI.create(base + "/v1/data/" + path.replaceAll("^/+", "")).toURL();
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not an OPA URL and decision path: " + base + " " + path, e);
        }
    }

    @Override
    public Decision decide(DecisionInput input) throws DecisionException {
        try {
            breaker.acquirePermission();
        } catch (CallNotPermittedException open) {
            throw new DecisionException(
                    "the OPA server at " + url + " is failing; not asking it until the breaker closes");
        }
        long started = System.nanoTime();
        try {
            Decision decision = ask(input);
            breaker.onSuccess(System.nanoTime() - started, TimeUnit.NANOSECONDS);
            return decision;
        } catch (DecisionException | RuntimeException fault) {
            // a bug is a failed call too: the half-open breaker's one permission must come back
            breaker.onError(System.nanoTime() - started, TimeUnit.NANOSECONDS, fault);
            throw fault;
        }
    }

    /** One round trip; every way it can go wrong is a {@link DecisionException}. */
    private Decision ask(DecisionInput input) throws DecisionException {
        OpaHttp.Answer answer;
        try {
            answer = http.post(DecisionJson.writeRequest(input).getBytes(StandardCharsets.UTF_8));
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            throw new DecisionException("the OPA server at " + url + " did not decide: " + e, e);
        }
        if (answer.status() != 200) {
            throw new DecisionException(
                    "the OPA server at " + url + " did not decide: it answered HTTP " + answer.status());
        }
        return DecisionJson.parseRestAnswer(answer.body());
    }

    /** Whether the engine is answering now (the breaker is not open): for health checks. */
    @Override
    public boolean ready() {
        return breaker.getState() != CircuitBreaker.State.OPEN
                && breaker.getState() != CircuitBreaker.State.FORCED_OPEN;
    }

    @Override
    public Optional<BreakerState> breakerState() {
        return Optional.of(
                switch (breaker.getState()) {
                    case OPEN, FORCED_OPEN -> BreakerState.OPEN;
                    case HALF_OPEN -> BreakerState.HALF_OPEN;
                    // disabled and metrics-only are never configured here; neither stops a call
                    case CLOSED, DISABLED, METRICS_ONLY -> BreakerState.CLOSED;
                });
    }

    @Override
    public String toString() {
        return "RemoteOpaEngine[" + url + "/v1/data/" + path + "]";
    }
}
