package io.labelgate.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * HTTP/1.1 written byte by byte on a loopback socket, for requests {@code java.net.http} refuses
 * to send: control and non-ASCII bytes in a header value, a header beyond any server's limit.
 * Every exchange is bounded by a read timeout and closes its connection.
 */
final class RawHttp {

    private static final int TIMEOUT_MILLIS = 20_000;

    private RawHttp() {}

    /** A reply as read off the wire: header names in lower case, the body decoded as UTF-8. */
    record Response(int status, Map<String, List<String>> headers, String body) {

        /** The first value of a header, or {@code null}. */
        String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null ? null : values.get(0);
        }
    }

    /**
     * {@code GET uri} with one {@code Authorization} header whose value is these bytes as they are.
     * The caller records any credential in them with {@link IssuedSecrets}.
     */
    static Response getWithAuthorization(URI uri, byte[] authorization) {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.writeBytes(("GET " + uri.getRawPath() + " HTTP/1.1\r\nHost: 127.0.0.1:" + uri.getPort()
                        + "\r\nConnection: close\r\nAuthorization: ")
                .getBytes(StandardCharsets.US_ASCII));
        request.writeBytes(authorization);
        request.writeBytes("\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return send(uri.getPort(), request.toByteArray());
    }

    /** Writes the request to 127.0.0.1 and reads the reply until the server closes the connection. */
    static Response send(int port, byte[] request) {
        return send(null, port, request);
    }

    /**
     * The same, from another loopback address (e.g. 127.0.0.9): the server sees another client
     * address, as it would another machine's, while the traffic stays on loopback.
     */
    static Response send(InetAddress from, int port, byte[] request) {
        try (Socket socket = new Socket()) {
            if (from != null) {
                socket.bind(new InetSocketAddress(from, 0));
            }
            socket.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            // Read while writing: a server answers a request over its limit and closes before the
            // rest is written, and a reset that follows could discard an answer read afterwards.
            InputStream in = socket.getInputStream();
            CompletableFuture<byte[]> reply = CompletableFuture.supplyAsync(() -> {
                try {
                    return readAll(in);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request);
                out.flush();
            } catch (IOException answeredBeforeTheEnd) {
                // the answer is read all the same
            }
            return parse(reply.get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS));
        } catch (IOException | ExecutionException | TimeoutException e) {
            throw new AssertionError("raw request to 127.0.0.1:" + port + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream reply = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                reply.write(buffer, 0, n);
            }
        } catch (IOException e) {
            if (reply.size() == 0) {
                throw e;
            }
            // reset after a complete answer: keep what arrived
        }
        return reply.toByteArray();
    }

    private static Response parse(byte[] reply) {
        int end = indexOf(reply, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        if (end < 0) {
            throw new AssertionError("not an HTTP reply: "
                    + new String(reply, 0, Math.min(reply.length, 200), StandardCharsets.ISO_8859_1));
        }
        String[] lines = new String(reply, 0, end, StandardCharsets.ISO_8859_1).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ", 3)[1]);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String line : Arrays.asList(lines).subList(1, lines.length)) {
            int colon = line.indexOf(':');
            headers.computeIfAbsent(
                            line.substring(0, colon).strip().toLowerCase(Locale.ROOT), name -> new ArrayList<>())
                    .add(line.substring(colon + 1).strip());
        }
        byte[] body = Arrays.copyOfRange(reply, end + 4, reply.length);
        List<String> encoding = headers.getOrDefault("transfer-encoding", List.of());
        if (encoding.stream().anyMatch(value -> value.equalsIgnoreCase("chunked"))) {
            body = dechunk(body);
        }
        return new Response(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    /** RFC 9112 §7.1, without trailers or chunk extensions worth keeping. */
    private static byte[] dechunk(byte[] chunked) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int at = 0;
        while (true) {
            int lineEnd = indexOf(Arrays.copyOfRange(chunked, at, chunked.length), new byte[] {'\r', '\n'});
            String sizeLine = new String(chunked, at, lineEnd, StandardCharsets.US_ASCII);
            int size = Integer.parseInt(sizeLine.split(";", 2)[0].strip(), 16);
            at += lineEnd + 2;
            if (size == 0) {
                return body.toByteArray();
            }
            body.write(chunked, at, size);
            at += size + 2;
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
