package io.labelgate.it;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Waits, boundedly, for a revoked or expired token to be refused, and measures how long it took. */
final class Revocation {

    private Revocation() {
    }

    /**
     * Polls until the token gets 401 with this description; fails when that takes longer than
     * {@code within}. Returns the time it took.
     */
    static Duration awaitRefused(URI uri, String token, String description, Duration within) {
        Instant start = Instant.now();
        Instant deadline = start.plus(within);
        HttpResponse<String> response;
        do {
            response = Http.bearer(uri, token);
            if (response.statusCode() == 401) {
                assertEquals("Bearer realm=\"" + realmOf(uri) + "\", error=\"invalid_token\", error_description=\""
                        + description + "\"", Http.header(response, "WWW-Authenticate"));
                return Duration.between(start, Instant.now());
            }
            assertEquals(200, response.statusCode(), "before it is refused the token still works");
            sleep();
        } while (Instant.now().isBefore(deadline));
        throw new AssertionError("the token was still accepted after " + within);
    }

    private static String realmOf(URI uri) {
        String path = uri.getPath().replaceAll("^/", "");
        return path.substring(0, path.indexOf('/') < 0 ? path.length() : path.indexOf('/'));
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
