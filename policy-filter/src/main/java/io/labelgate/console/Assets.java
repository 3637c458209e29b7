package io.labelgate.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Objects;

/**
 * The pages' own stylesheets and script, under {@code /assets/}: nothing from a CDN, so the
 * pages' Content-Security-Policy can allow {@code 'self'} and nothing else. Cached for five
 * minutes: a new release's assets reach browsers soon after it is deployed.
 */
final class Assets {

    /** Read once: they are part of the jar and never change while it is loaded. */
    private static final Map<String, Asset> ASSETS = Map.of(
            "labelgate.css", new Asset(resource("labelgate.css"), "text/css;charset=UTF-8"),
            "labelgate.js", new Asset(resource("labelgate.js"), "text/javascript;charset=UTF-8"));

    private record Asset(byte[] bytes, String type) {}

    private Assets() {}

    static void serve(Exchange exchange, String name) throws IOException {
        Asset asset = ASSETS.get(name);
        if (asset == null) {
            exchange.error(404, "Not found", "There is no such page.");
            return;
        }
        exchange.response().setContentType(asset.type());
        exchange.response().setHeader("Cache-Control", "public, max-age=300");
        exchange.response().setHeader("X-Content-Type-Options", "nosniff");
        exchange.response().setContentLength(asset.bytes().length);
        exchange.response().getOutputStream().write(asset.bytes());
    }

    private static byte[] resource(String name) {
        try (InputStream in = Assets.class.getResourceAsStream(name)) {
            return Objects.requireNonNull(in, name).readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the asset " + name + " from the jar", e);
        }
    }
}
