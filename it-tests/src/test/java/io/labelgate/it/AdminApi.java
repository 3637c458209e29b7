package io.labelgate.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The admin API of a running app, called as an administrator would, with the test admin secret. */
public final class AdminApi {

    /** The admin secret the servers under test are configured with (test-only). */
    public static final String SECRET = "it-admin-secret-0123456789";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI tokens;

    /** @param appRoot the app's root, e.g. {@code http://127.0.0.1:8080/ai-app/} */
    public AdminApi(URI appRoot) {
        this.tokens = URI.create(appRoot.toString().replaceAll("/$", "") + "/labelgate/api/tokens");
    }

    /** A created token: its id and its only string. */
    public record Created(String id, String token) {
        @Override
        public String toString() {
            return "Created[id=" + id + "]";
        }
    }

    public Created read(String selector) {
        return create("read", "GRA", selector);
    }

    public Created operator(String selector) {
        return create("operator", "GRA", selector);
    }

    public Created create(String role, String region, String selector) {
        return create(role, region, selector, null);
    }

    /** A token that expires at this instant ({@code null}: never). */
    public Created create(String role, String region, String selector, Instant expiresAt) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", "it-" + role);
        body.put("selector", selector);
        body.put("role", role);
        body.put("region", region);
        body.put("expiresAt", expiresAt == null ? null : expiresAt.toString());
        HttpResponse<String> response = post(body);
        assertEquals(201, response.statusCode(), response::body);
        JsonNode created = parse(response.body());
        IssuedSecrets.record(created.get("token").textValue());
        return new Created(created.get("id").textValue(), created.get("token").textValue());
    }

    /** POSTs this body to the token API as JSON, whatever the answer. */
    public HttpResponse<String> post(Object body) {
        try {
            return postRaw("application/json", JSON.writeValueAsString(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    HttpResponse<String> postRaw(String contentType, String body) {
        return Http.send(authorized(tokens)
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
    }

    public HttpResponse<String> list() {
        return Http.send(authorized(tokens).GET().build());
    }

    /** The list with this query string (already encoded), e.g. {@code role=read&region=GRA}. */
    public HttpResponse<String> list(String query) {
        return Http.send(authorized(URI.create(tokens + "?" + query)).GET().build());
    }

    public HttpResponse<String> get(String id) {
        return Http.send(authorized(URI.create(tokens + "/" + id)).GET().build());
    }

    public HttpResponse<String> regenerate(String id) {
        return Http.send(authorized(URI.create(tokens + "/" + id + "/regenerate"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());
    }

    public HttpResponse<String> delete(String id) {
        return Http.send(authorized(URI.create(tokens + "/" + id)).DELETE().build());
    }

    URI tokensUri() {
        return tokens;
    }

    public static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    private static HttpRequest.Builder authorized(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).header("Authorization", "Bearer " + SECRET);
    }
}
