package io.labelgate.console;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The pages' own stylesheets and script, under {@code /assets/}: nothing from a CDN, so the
 * pages' Content-Security-Policy can allow {@code 'self'} and nothing else. Cached for five
 * minutes: a new release's assets reach browsers soon after it is deployed.
 */
final class Assets {

    private Assets() {
    }

    static void serve(Exchange exchange, String name) throws IOException {
        byte[] bytes;
        String type;
        switch (name) {
            case "labelgate.css" -> {
                bytes = resource(name);
                type = "text/css;charset=UTF-8";
            }
            case "lists.css" -> {
                bytes = ListStyles.CSS.getBytes(StandardCharsets.UTF_8);
                type = "text/css;charset=UTF-8";
            }
            case "labelgate.js" -> {
                bytes = resource(name);
                type = "text/javascript;charset=UTF-8";
            }
            default -> {
                exchange.error(404, "Not found", "There is no such page.");
                return;
            }
        }
        exchange.response().setContentType(type);
        exchange.response().setHeader("Cache-Control", "public, max-age=300");
        exchange.response().setHeader("X-Content-Type-Options", "nosniff");
        exchange.response().setContentLength(bytes.length);
        exchange.response().getOutputStream().write(bytes);
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = Assets.class.getResourceAsStream(name)) {
            return Objects.requireNonNull(in, name).readAllBytes();
        }
    }
}
