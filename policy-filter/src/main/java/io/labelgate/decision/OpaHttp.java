package io.labelgate.decision;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * One blocking HTTP/1.1 POST of a JSON document to OPA's REST API, over the JDK's
 * {@link HttpURLConnection}, bounded as a whole.
 *
 * <p>Why this client: on loopback a whole decision through {@code java.net.http} (the remote
 * engine's client until issue 18) took 359 µs median while {@code wrk} on one connection to the
 * same OPA saw ~150 µs; the difference was that client's asynchronous machinery. Through this one
 * a decision took 188 µs median, as fast as HTTP written by hand on a socket
 * ({@code docs/benchmarks/remote-transport.md}). It needs no library in the WAR.
 *
 * <p>Connections are kept alive and reused by the JDK's keep-alive cache, which keeps at most
 * {@code http.maxConnections} (a JVM-wide system property, default 5) idle connections per OPA
 * server; a finished connection is closed rather than kept when that many are idle already
 * (see the README, "Decisions: engines, cache, log"). The JVM's proxy settings apply as they did
 * to {@code java.net.http} (whose default proxy selector is the same; loopback is never proxied).
 * The body is written buffered, not streamed, so that the JDK may send it again once on a fresh
 * connection when a kept-alive one turns out to have been closed by OPA (a decision query is
 * safe to repeat).
 *
 * <p>The bound: {@link HttpURLConnection#setReadTimeout} is per read, and cannot be shortened
 * once connected (measured on JDK 17), so alone it would let a server that answers byte by byte
 * hold a request thread for as long as it likes. The whole request is bounded by
 * {@link Deadlines}, which closes the connection when the budget is spent; a read blocked on it
 * then fails at once.
 */
final class OpaHttp {

    /** Larger than any decision document; a longer answer is malformed, and reading stops there. */
    static final int MAX_ANSWER_BYTES = 1 << 20;

    private static final Deadlines DEADLINES = new Deadlines();

    private final URL endpoint;
    private final int connectMillis;
    private final long requestNanos;
    private final int readMillis;

    /**
     * @param endpoint       the full URL to POST to
     * @param connectTimeout bound on opening a connection (within the request timeout)
     * @param requestTimeout bound on the whole request: connecting, writing, waiting, reading
     */
    OpaHttp(URL endpoint, Duration connectTimeout, Duration requestTimeout) {
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        if (connectTimeout.isNegative()
                || connectTimeout.isZero()
                || requestTimeout.isNegative()
                || requestTimeout.isZero()) {
            throw new IllegalArgumentException("labelgate.engine.remote.connect-timeout and .timeout must be positive");
        }
        this.requestNanos = requestTimeout.toNanos();
        this.connectMillis = (int) Math.max(1, Math.min(connectTimeout.toMillis(), requestTimeout.toMillis()));
        this.readMillis = (int) Math.min(Integer.MAX_VALUE, requestTimeout.toMillis() + 4 * Deadlines.PERIOD_MILLIS);
    }

    /** OPA's status and the whole body of its answer (read to the end, so the connection is reused). */
    record Answer(int status, byte[] body) {}

    /**
     * POSTs {@code json} and reads the whole answer.
     *
     * @throws IOException when OPA cannot be reached, closes the connection, answers more than
     *                     {@link #MAX_ANSWER_BYTES}, or the request timeout passes (then a
     *                     {@link java.net.SocketTimeoutException} saying so)
     */
    Answer post(byte[] json) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) endpoint.openConnection();
        connection.setConnectTimeout(connectMillis);
        // a backstop only, should the deadline not end it: a little later than the deadline
        connection.setReadTimeout(readMillis);
        connection.setUseCaches(false);
        connection.setInstanceFollowRedirects(false);
        connection.setDoOutput(true);
        connection.setRequestMethod("POST");
        connection.setRequestProperty("Content-Type", "application/json");
        connection.setRequestProperty("Accept", "application/json");
        boolean sent = false;
        boolean complete = false;
        Deadlines.Watch deadline = DEADLINES.watch(requestNanos, connection::disconnect);
        try {
            try (OutputStream out = connection.getOutputStream()) {
                out.write(json);
            }
            sent = true;
            int status = connection.getResponseCode();
            // an error's body is read too: an unread one would leave the connection unusable
            byte[] body = readAll(status < 400 ? connection.getInputStream() : connection.getErrorStream());
            complete = true;
            return new Answer(status, body);
        } catch (IOException e) {
            // the read timeout's backstop may beat a sweeper kept waiting by a busy machine
            if (deadline.expired() || sent && e instanceof SocketTimeoutException) {
                throw new SocketTimeoutException("no answer within the request timeout of "
                        + TimeUnit.NANOSECONDS.toMillis(requestNanos) + " ms");
            }
            throw e;
        } finally {
            deadline.close();
            if (!complete) {
                // a half-used connection must not go back to the keep-alive cache
                connection.disconnect();
            }
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        if (in == null) {
            return new byte[0];
        }
        try (in) {
            byte[] body = in.readNBytes(MAX_ANSWER_BYTES);
            if (in.read() != -1) {
                throw new IOException("the answer is longer than " + MAX_ANSWER_BYTES + " bytes");
            }
            return body;
        }
    }
}
