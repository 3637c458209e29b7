package io.labelgate.bundle;

import io.labelgate.config.Secret;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where a bundle comes from, and whether it changed since it was last fetched: a resource of the
 * WAR ({@code /WEB-INF/...}, fixed for the deployment), a file (read again when its content
 * changes) or a bundle server (OPA's bundle service protocol: {@code GET} with
 * {@code If-None-Match}, {@code 304} when unchanged, an optional bearer credential).
 */
public sealed interface BundleSource {

    /**
     * The archive, when it may differ from the one this source last returned; empty when it is
     * known to be the same (a server without ETags sends every bundle again: the loader compares).
     *
     * @throws BundleException when it cannot be fetched, saying why
     */
    Optional<byte[]> fetchIfChanged() throws BundleException;

    /** Whether the source can change while the app runs, so polling it is worth it. */
    boolean changes();

    /** Where, for logs: a path or URL, never a credential. */
    String describe();

    /**
     * The source a configuration value names: {@code /WEB-INF/...} in the WAR, an {@code http(s)}
     * URL, or an absolute file path.
     *
     * @param value      the configured location
     * @param resources  opens a WAR resource by its path (null when absent)
     * @param credential the bundle server's bearer credential
     * @param timeout    bound on one fetch from a server
     * @throws IllegalArgumentException when the value is none of these
     */
    static BundleSource of(
            String value, Function<String, InputStream> resources, Optional<Secret> credential, Duration timeout) {
        if (value.startsWith("/WEB-INF/")) {
            return new WarResource(value, resources);
        }
        if (value.startsWith("http://") || value.startsWith("https://")) {
            URI url;
            try {
                url = URI.create(value);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("not a valid URL: " + e.getMessage(), e);
            }
            if (url.getHost() == null) {
                throw new IllegalArgumentException(
                        "the URL has no host, e.g. https://bundles.example.com/ai-app.tar.gz");
            }
            if (url.getRawUserInfo() != null) {
                // a URL is printed in logs and readiness: a credential in it would be too
                throw new IllegalArgumentException("the URL holds a user name or password; give the bundle server's "
                        + "credential as labelgate.policy.bundle.credential instead");
            }
            return new Server(url, credential, timeout);
        }
        Path file = Path.of(value);
        if (!file.isAbsolute()) {
            throw new IllegalArgumentException("must be /WEB-INF/... in the WAR, an http(s) URL or an absolute file "
                    + "path; \"" + value + "\" is none of these");
        }
        return new LocalFile(file);
    }

    /** A resource of the WAR: read once, it cannot change while the app is deployed. */
    final class WarResource implements BundleSource {
        private final String path;
        private final Function<String, InputStream> resources;
        private boolean fetched;

        WarResource(String path, Function<String, InputStream> resources) {
            this.path = path;
            this.resources = Objects.requireNonNull(resources, "resources");
        }

        @Override
        public synchronized Optional<byte[]> fetchIfChanged() throws BundleException {
            if (fetched) {
                return Optional.empty();
            }
            try (InputStream in = resources.apply(path)) {
                if (in == null) {
                    throw new BundleException("the WAR has no " + path);
                }
                byte[] archive = readBounded(in, path);
                fetched = true;
                return Optional.of(archive);
            } catch (IOException e) {
                throw new BundleException("cannot read " + path + " from the WAR: " + e.getMessage(), e);
            }
        }

        @Override
        public boolean changes() {
            return false;
        }

        @Override
        public String describe() {
            return "the WAR's " + path;
        }
    }

    /** A file, read again on every poll and returned when its content changed. */
    final class LocalFile implements BundleSource {
        private final Path file;
        private byte[] last;

        LocalFile(Path file) {
            this.file = file;
        }

        @Override
        public synchronized Optional<byte[]> fetchIfChanged() throws BundleException {
            byte[] archive;
            try (InputStream in = Files.newInputStream(file)) {
                archive = readBounded(in, file.toString());
            } catch (NoSuchFileException e) {
                throw new BundleException("there is no file " + file, e);
            } catch (IOException e) {
                throw new BundleException("cannot read " + file + ": " + e.getMessage(), e);
            }
            if (last != null && Arrays.equals(last, archive)) {
                return Optional.empty();
            }
            last = archive;
            return Optional.of(archive);
        }

        @Override
        public boolean changes() {
            return true;
        }

        @Override
        public String describe() {
            return file.toString();
        }
    }

    /** A bundle server, asked with the ETag of the last bundle it sent. */
    final class Server implements BundleSource {
        private final URI url;
        private final Optional<Secret> credential;
        private final Duration timeout;
        private final HttpClient client;
        private String etag;

        Server(URI url, Optional<Secret> credential, Duration timeout) {
            this.url = url;
            this.credential = Objects.requireNonNull(credential, "credential");
            this.timeout = Objects.requireNonNull(timeout, "timeout");
            this.client = HttpClient.newBuilder()
                    .connectTimeout(timeout)
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .build();
        }

        @Override
        public synchronized Optional<byte[]> fetchIfChanged() throws BundleException {
            HttpRequest.Builder request = HttpRequest.newBuilder(url)
                    .timeout(timeout)
                    .GET()
                    .header("Accept", "application/gzip, application/octet-stream");
            if (etag != null) {
                request.header("If-None-Match", etag);
            }
            credential.ifPresent(secret -> request.header("Authorization", "Bearer " + secret.reveal()));
            HttpResponse<InputStream> response;
            try {
                response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            } catch (IOException e) {
                throw new BundleException("the bundle server at " + describe() + " did not answer: " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BundleException("interrupted while fetching the bundle from " + describe(), e);
            }
            try (InputStream body = response.body()) {
                if (response.statusCode() == 304) {
                    return Optional.empty();
                }
                if (response.statusCode() != 200) {
                    throw new BundleException(
                            "the bundle server at " + describe() + " answered HTTP " + response.statusCode());
                }
                byte[] archive = readBounded(body, describe());
                etag = response.headers().firstValue("ETag").orElse(null);
                return Optional.of(archive);
            } catch (IOException e) {
                throw new BundleException("cannot read the bundle from " + describe() + ": " + e, e);
            }
        }

        @Override
        public boolean changes() {
            return true;
        }

        /** The URL without its query or fragment: a presigned URL carries its credential there. */
        @Override
        public String describe() {
            String shown =
                    url.getScheme() + "://" + url.getRawAuthority() + Objects.requireNonNullElse(url.getRawPath(), "");
            return url.getRawQuery() == null && url.getRawFragment() == null ? shown : shown + "?…";
        }

        /** Whether the bundle travels in clear text to a host other than this machine's loopback. */
        public boolean plainHttpBeyondLoopback() {
            if (!"http".equals(url.getScheme())) {
                return false;
            }
            String host = url.getHost();
            return !(host.equals("localhost")
                    || host.equals("127.0.0.1")
                    || host.equals("[::1]")
                    || host.equals("::1")
                    || host.startsWith("127."));
        }
    }

    private static byte[] readBounded(InputStream in, String where) throws IOException, BundleException {
        byte[] archive = in.readNBytes(BundleArchive.MAX_COMPRESSED_BYTES + 1);
        if (archive.length > BundleArchive.MAX_COMPRESSED_BYTES) {
            throw new BundleException(
                    "the bundle at " + where + " is larger than " + BundleArchive.MAX_COMPRESSED_BYTES + " bytes");
        }
        return archive;
    }
}
