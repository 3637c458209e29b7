package io.labelgate.it;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Asserts the revocation bound over HTTP as SECURITY.md states it: every request sent once the
 * bound has passed since the change was acknowledged is refused. A request sent before that may
 * still be allowed, however long it takes to come back; so the test's own reads need no margin
 * but the trip of one request to the server.
 */
final class Revocation {

    /** How long past the bound the polling goes on before the test gives up (it has failed by then). */
    private static final Duration GIVE_UP_AFTER = Duration.ofSeconds(5);

    private Revocation() {}

    /**
     * Polls from now until the token gets 401 with this description, and fails when a request sent
     * {@code bound} or later after now was allowed. Returns when the first refused request was sent,
     * counted from now.
     */
    static Duration awaitRefused(URI uri, String token, String description, Duration bound) {
        return awaitRefused(uri, () -> Http.bearer(uri, token), description, bound);
    }

    /** The same for a browser session: requests with its cookie, asking for JSON as a script would. */
    static Duration awaitSessionRefused(URI uri, String sessionCookie, String description, Duration bound) {
        return awaitRefused(
                uri,
                () -> Http.get(uri, "Accept", "application/json", "Cookie", "labelgate-session=" + sessionCookie),
                description,
                bound);
    }

    private static Duration awaitRefused(
            URI uri, Supplier<HttpResponse<String>> send, String description, Duration bound) {
        Instant start = Instant.now();
        Instant deadline = start.plus(bound);
        while (Instant.now().isBefore(deadline.plus(GIVE_UP_AFTER))) {
            Instant sent = Instant.now();
            HttpResponse<String> response = send.get();
            if (response.statusCode() == 401) {
                assertEquals(
                        "Bearer realm=\"" + realmOf(uri) + "\", error=\"invalid_token\", error_description=\""
                                + description + "\"",
                        Http.header(response, "WWW-Authenticate"));
                return Duration.between(start, sent);
            }
            assertEquals(200, response.statusCode(), "before it is refused the token still works");
            if (!sent.isBefore(deadline)) {
                throw new AssertionError("the token was allowed on a request sent "
                        + Duration.between(start, sent).toMillis() + " ms after the change, past the bound of "
                        + bound.toMillis() + " ms");
            }
            sleep();
        }
        throw new AssertionError("the token was still accepted " + bound.plus(GIVE_UP_AFTER) + " after the change");
    }

    /** The change was made on this node: the very next request is refused, with this description. */
    static void refusedAtOnce(URI uri, String token, String description) {
        HttpResponse<String> response = Http.bearer(uri, token);
        assertEquals(401, response.statusCode(), "the node that made the change refuses the token at once");
        assertEquals(
                "Bearer realm=\"" + realmOf(uri) + "\", error=\"invalid_token\", error_description=\"" + description
                        + "\"",
                Http.header(response, "WWW-Authenticate"));
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
