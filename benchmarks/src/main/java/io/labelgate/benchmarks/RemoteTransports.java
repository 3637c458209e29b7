package io.labelgate.benchmarks;

import io.labelgate.decision.Decision;
import io.labelgate.decision.DecisionException;
import io.labelgate.decision.DecisionInput;
import io.labelgate.decision.DecisionJson;
import io.labelgate.decision.RemoteOpaEngine;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.URL;
import java.net.UnixDomainSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * The HTTP clients issue 18 compares for the remote engine, each doing the engine's whole work
 * for one decision (write the input document, one POST to OPA, read and strictly parse the answer)
 * but without its breaker and deadline: so that the difference between them is the client's.
 * {@code RemoteDecisionBenchmark.remoteTransport} runs them; docs/benchmarks/remote-transport.md
 * has the figures.
 */
final class RemoteTransports {

    /** The production defaults of {@code labelgate.engine.remote.*}. */
    static final Duration CONNECT_TIMEOUT = Duration.ofMillis(250);

    static final Duration REQUEST_TIMEOUT = Duration.ofMillis(500);

    private RemoteTransports() {}

    /** One way of asking OPA for a decision. */
    interface Client extends AutoCloseable {
        Decision decide(DecisionInput input) throws IOException, InterruptedException, DecisionException;

        @Override
        default void close() throws IOException {}
    }

    /**
     * @param name   {@code java.net.http}, {@code HttpURLConnection}, {@code socket} or
     *               {@code unix-socket}
     * @param url    OPA's base URL (TCP)
     * @param socket OPA's Unix domain socket, for {@code unix-socket} only
     */
    static Client open(String name, String url, String socket) throws IOException {
        URI endpoint = URI.create(url.replaceAll("/+$", "") + "/v1/data/" + RemoteOpaEngine.DEFAULT_PATH);
        switch (name) {
            case "java.net.http":
                return new JavaNetHttp(endpoint);
            case "HttpURLConnection":
                return new UrlConnection(endpoint.toURL());
            case "socket":
                Socket tcp = new Socket();
                tcp.setTcpNoDelay(true);
                tcp.connect(new InetSocketAddress(endpoint.getHost(), endpoint.getPort()), (int)
                        CONNECT_TIMEOUT.toMillis());
                tcp.setSoTimeout((int) REQUEST_TIMEOUT.toMillis());
                return new RawHttp(tcp.getInputStream(), tcp.getOutputStream(), tcp, endpoint.getPath());
            case "unix-socket":
                if (socket == null || socket.isBlank()) {
                    throw new IllegalStateException(
                            "SKIPPED: unix-socket needs -D" + RemoteDecisionBenchmark.SOCKET_PROPERTY
                                    + "=<path> of an OPA started with --addr unix://<path>");
                }
                SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
                channel.connect(UnixDomainSocketAddress.of(Path.of(socket)));
                return new RawHttp(
                        Channels.newInputStream(channel),
                        Channels.newOutputStream(channel),
                        channel,
                        endpoint.getPath());
            default:
                throw new IllegalArgumentException("no transport named " + name);
        }
    }

    /**
     * {@code java.net.http}, configured as the remote engine configured it until issue 18 (through
     * opa-java-client, whose own work per call is one {@code send} and one Jackson read).
     */
    private static final class JavaNetHttp implements Client {
        private final URI endpoint;
        private final HttpClient client = HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                .version(HttpClient.Version.HTTP_1_1)
                .executor(Runnable::run)
                .build();

        JavaNetHttp(URI endpoint) {
            this.endpoint = endpoint;
        }

        @Override
        public Decision decide(DecisionInput input) throws IOException, InterruptedException, DecisionException {
            HttpRequest request = HttpRequest.newBuilder(endpoint)
                    .timeout(REQUEST_TIMEOUT)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(DecisionJson.writeRequest(input)))
                    .build();
            HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return parse(response.statusCode(), response.body());
        }
    }

    /** The JDK's blocking client, its keep-alive cache, no deadline timer: the engine's transport bare. */
    private static final class UrlConnection implements Client {
        private final URL endpoint;

        UrlConnection(URL endpoint) {
            this.endpoint = endpoint;
        }

        @Override
        public Decision decide(DecisionInput input) throws IOException, DecisionException {
            HttpURLConnection connection = (HttpURLConnection) endpoint.openConnection(Proxy.NO_PROXY);
            connection.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
            connection.setReadTimeout((int) REQUEST_TIMEOUT.toMillis());
            connection.setUseCaches(false);
            connection.setDoOutput(true);
            connection.setRequestMethod("POST");
            connection.setRequestProperty("Content-Type", "application/json");
            try (OutputStream out = connection.getOutputStream()) {
                out.write(DecisionJson.writeRequest(input).getBytes(StandardCharsets.UTF_8));
            }
            int status = connection.getResponseCode();
            try (InputStream in = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
                return parse(status, in.readAllBytes());
            }
        }
    }

    /**
     * HTTP/1.1 written by hand on one connection held open: the floor of any Java client over that
     * wire. Only what OPA answers here is understood (a status line, headers, Content-Length).
     */
    private static final class RawHttp implements Client {
        private final InputStream in;
        private final OutputStream out;
        private final Closeable connection;
        private final String head;

        RawHttp(InputStream in, OutputStream out, Closeable connection, String path) {
            this.in = new BufferedInputStream(in);
            this.out = out;
            this.connection = connection;
            this.head = "POST " + path + " HTTP/1.1\r\nHost: opa\r\nContent-Type: application/json\r\nContent-Length: ";
        }

        @Override
        public Decision decide(DecisionInput input) throws IOException, DecisionException {
            byte[] body = DecisionJson.writeRequest(input).getBytes(StandardCharsets.UTF_8);
            ByteArrayOutputStream request = new ByteArrayOutputStream(head.length() + 8 + body.length);
            request.writeBytes((head + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            request.writeBytes(body);
            out.write(request.toByteArray());
            out.flush();
            String statusLine = line();
            int status = Integer.parseInt(statusLine.substring(9, 12));
            int length = -1;
            for (String header = line(); !header.isEmpty(); header = line()) {
                if (header.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(header.substring(15).strip());
                }
            }
            if (length < 0) {
                throw new IOException("the benchmark's raw client reads Content-Length answers only");
            }
            return parse(status, in.readNBytes(length));
        }

        private String line() throws IOException {
            StringBuilder line = new StringBuilder(64);
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) {
                    throw new IOException("OPA closed the connection");
                }
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            return line.toString();
        }

        @Override
        public void close() throws IOException {
            connection.close();
        }
    }

    private static Decision parse(int status, byte[] body) throws DecisionException {
        if (status != 200) {
            throw new DecisionException("OPA answered HTTP " + status);
        }
        return DecisionJson.parseRestAnswer(body);
    }
}
