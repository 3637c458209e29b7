package io.labelgate.it;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A loopback HTTP client with bounded timeouts. */
public final class Http {

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    private Http() {}

    /**
     * The URL Arquillian reports, on 127.0.0.1: Payara prints the machine's host name, while its
     * listener is bound to loopback only.
     */
    public static URI loopback(URL url, String path) {
        return URI.create("http://127.0.0.1:" + url.getPort() + url.getPath().replaceAll("/$", "") + path);
    }

    public static HttpResponse<String> get(URI uri, String... headers) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).GET();
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request.build());
    }

    public static HttpResponse<String> bearer(URI uri, String token) {
        return get(uri, "Authorization", "Bearer " + token);
    }

    public static HttpResponse<String> send(HttpRequest request) {
        request.headers()
                .map()
                .forEach((name, values) -> values.forEach(value -> IssuedSecrets.recordHeader(name, value)));
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("request to " + request.uri() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    public static String header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name).orElse(null);
    }
}
