package io.labelgate.config;

import io.labelgate.decision.EngineKind;

import java.time.Duration;
import java.util.Objects;

/**
 * The decision engine ({@code labelgate.engine} and {@code labelgate.engine.*}).
 *
 * @param kind           {@code embedded} or {@code remote} ({@code labelgate.engine}, default {@code embedded})
 * @param poolSize       concurrent embedded evaluations ({@code labelgate.engine.pool-size}, default
 *                       {@link #defaultPoolSize()})
 * @param acquireTimeout wait for a free policy instance, then 503 ({@code labelgate.engine.acquire-timeout},
 *                       default {@code PT1S})
 * @param remote         the OPA server, used when the kind is {@code remote}
 */
public record EngineConfig(EngineKind kind, int poolSize, Duration acquireTimeout, RemoteEngineConfig remote) {

    public EngineConfig {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(acquireTimeout, "acquireTimeout");
        Objects.requireNonNull(remote, "remote");
    }

    /** Whether an OPA server decides, rather than the embedded engine. */
    public boolean isRemote() {
        return kind == EngineKind.REMOTE;
    }

    /** Reads its keys, the remote engine's too: a bad one is refused whichever engine is chosen. */
    static EngineConfig read(ConfigReader config) {
        String name = config.string("labelgate.engine", EngineKind.EMBEDDED.wireName());
        EngineKind kind = EngineKind.fromWireName(name)
                .orElseThrow(() -> new ConfigurationException(
                        "labelgate.engine",
                        "unknown engine \"" + name + "\"; supported: " + EngineKind.EMBEDDED + ", "
                                + EngineKind.REMOTE));
        RemoteEngineConfig remote = RemoteEngineConfig.read(config);
        if (kind == EngineKind.REMOTE && remote.url().isEmpty()) {
            throw new ConfigurationException(
                    "labelgate.engine.remote.url", "required with labelgate.engine=remote, e.g. http://127.0.0.1:8181");
        }
        return new EngineConfig(
                kind,
                config.positiveInt("labelgate.engine.pool-size", defaultPoolSize()),
                config.duration("labelgate.engine.acquire-timeout", Duration.ofSeconds(1)),
                remote);
    }

    /**
     * One policy instance per processor, at most {@value #MAX_DEFAULT_POOL_SIZE}: an evaluation is
     * CPU-bound, so instances beyond the processors only wait, and each costs about 4 MiB of heap
     * and a compiled copy of the module (measured: 1, 2 and 4 instances of the bundled policy
     * take 7, 11 and 19 MiB of live heap); with the decision cache, evaluations are rare, and 4 at
     * once decide far more than a node serves.
     */
    static int defaultPoolSize() {
        return Math.min(Runtime.getRuntime().availableProcessors(), MAX_DEFAULT_POOL_SIZE);
    }

    private static final int MAX_DEFAULT_POOL_SIZE = 4;
}
