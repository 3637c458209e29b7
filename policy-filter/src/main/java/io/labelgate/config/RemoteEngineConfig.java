package io.labelgate.config;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The remote engine, an OPA server, used when {@code labelgate.engine=remote}
 * ({@code labelgate.engine.remote.*}).
 *
 * @param url            OPA's base URL ({@code labelgate.engine.remote.url}, e.g. {@code http://127.0.0.1:8181});
 *                       required for it
 * @param path           the decision document ({@code labelgate.engine.remote.path}, default
 *                       {@code labelgate/authz/decision})
 * @param connectTimeout {@code labelgate.engine.remote.connect-timeout}, default {@code PT0.25S}
 * @param timeout        {@code labelgate.engine.remote.timeout}, default {@code PT0.5S}
 * @param openInterval   how long the breaker stays open before one probe
 *                       ({@code labelgate.engine.remote.open-interval}, default {@code PT1S})
 */
public record RemoteEngineConfig(
        Optional<URI> url, String path, Duration connectTimeout, Duration timeout, Duration openInterval) {

    public RemoteEngineConfig {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(openInterval, "openInterval");
    }

    /** Reads its keys; whether the URL is required is the {@link EngineConfig}'s to say. */
    static RemoteEngineConfig read(ConfigReader config) {
        return new RemoteEngineConfig(
                config.httpUrl("labelgate.engine.remote.url"),
                config.string("labelgate.engine.remote.path", "labelgate/authz/decision"),
                config.duration("labelgate.engine.remote.connect-timeout", Duration.ofMillis(250)),
                config.duration("labelgate.engine.remote.timeout", Duration.ofMillis(500)),
                config.duration("labelgate.engine.remote.open-interval", Duration.ofSeconds(1)));
    }
}
