package io.labelgate.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Calls labelgate's HTTP API under {@code <base>/labelgate/api} with {@code java.net.http}: one
 * request, bounded by the timeout, no redirects followed. A non-2xx answer becomes a
 * {@link CliException} with the exit code of {@link ExitCodes#forRefusal} and the line of
 * {@link ProblemMessage}; a transport failure becomes {@link ExitCodes#UNREACHABLE}.
 */
final class ApiClient {

    /**
     * Where the admin and lifecycle APIs live, relative to the app's base URL (docs/contract.md,
     * "Default URL layout").
     */
    static final String API_PATH = "/labelgate/api";

    private final URI base;
    private final Duration timeout;
    private final HttpClient http;

    /**
     * @param base    the app's base URL without a trailing slash, e.g. {@code http://127.0.0.1:8080/ai-app}
     * @param timeout the longest wait for connecting and for the whole answer
     */
    ApiClient(URI base, Duration timeout) {
        this.base = Objects.requireNonNull(base, "base");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /**
     * The app's base URL from {@code --url} or {@code LABELGATE_URL}: http or https, with a host,
     * without user info, query or fragment; a trailing slash is dropped.
     */
    static URI baseUrl(String raw) {
        URI uri;
        try {
            uri = new URI(raw.strip());
        } catch (URISyntaxException e) {
            throw new CliException(
                    ExitCodes.USAGE, "--url is not a valid URL; expected e.g. http://127.0.0.1:8080/ai-app");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new CliException(
                    ExitCodes.USAGE,
                    "--url must be an http or https URL with a host, e.g. http://127.0.0.1:8080/ai-app");
        }
        if (uri.getRawUserInfo() != null) {
            // never echoed: it would be a password on the command line
            throw new CliException(ExitCodes.USAGE, "--url must not carry user info (user:password@)");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new CliException(
                    ExitCodes.USAGE, "--url must not have a query or a fragment: give the app's base URL");
        }
        String text = uri.toString();
        return URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
    }

    /** The app's base URL. */
    URI base() {
        return base;
    }

    /**
     * Sends one request and returns the 2xx answer.
     *
     * @param method     GET, POST or DELETE
     * @param apiPath    below {@link #API_PATH}, e.g. {@code /tokens/abc/regenerate}; segments already encoded
     * @param credential sent as {@code Authorization: Bearer …}
     * @param jsonBody   a JSON request body, or {@code null} for none
     * @param typed      the request's fields that hold what the user typed: a 400 naming one is a usage error
     * @throws CliException for any answer but 2xx and for any transport failure
     */
    ApiResponse send(String method, String apiPath, Credential credential, String jsonBody, Set<String> typed) {
        URI uri = URI.create(base + API_PATH + apiPath);
        String where = method + " " + uri;
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Authorization", credential.authorization())
                .header("Accept", "application/json, application/problem+json");
        if (jsonBody != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(jsonBody, StandardCharsets.UTF_8));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpConnectTimeoutException e) {
            throw new CliException(
                    ExitCodes.UNREACHABLE,
                    "cannot connect to " + base + ": no connection within " + timeout.toSeconds() + " s");
        } catch (HttpTimeoutException e) {
            throw new CliException(
                    ExitCodes.UNREACHABLE,
                    "no answer from " + base + " within " + timeout.toSeconds() + " s (--timeout)");
        } catch (IOException e) {
            throw new CliException(ExitCodes.UNREACHABLE, "cannot reach " + base + ": " + transportFailure(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCodes.ERROR, "interrupted while waiting for " + base);
        }
        int status = response.statusCode();
        if (status < 200 || status > 299) {
            throw new CliException(
                    ExitCodes.forRefusal(status, ProblemMessage.field(response.body()), typed),
                    ProblemMessage.describe(status, response.body(), where));
        }
        return new ApiResponse(status, response.body(), where);
    }

    /** What went wrong on the wire, in words; the JDK's messages are often null or name internal classes. */
    static String transportFailure(IOException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof UnresolvedAddressException || cause instanceof UnknownHostException) {
                return "unknown host";
            }
        }
        if (e instanceof ConnectException) {
            return "connection refused";
        }
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : OneLine.of(message);
    }

    /**
     * One path segment, percent-encoded (RFC 3986 §3.3): a token id typed by the user cannot
     * change the path it is sent to.
     */
    static String segment(String value) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "-._~".indexOf(c) >= 0) {
                encoded.append(c);
            } else {
                encoded.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return encoded.toString();
    }

    /**
     * A 2xx answer.
     *
     * @param status the HTTP status
     * @param body   the body as sent, possibly empty (204)
     * @param where  method and URL, for messages
     */
    record ApiResponse(int status, String body, String where) {

        /** The body parsed as JSON; an error when it is not. */
        JsonNode json() {
            return Json.parse(body, where);
        }
    }
}
