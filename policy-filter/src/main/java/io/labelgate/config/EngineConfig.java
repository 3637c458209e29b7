package io.labelgate.config;

import java.time.Duration;
import java.util.Objects;

/**
 * The decision engine ({@code labelgate.engine} and {@code labelgate.engine.*}).
 *
 * @param name           {@value #EMBEDDED} or {@value #REMOTE} ({@code labelgate.engine}, default {@value #EMBEDDED})
 * @param poolSize       concurrent embedded evaluations ({@code labelgate.engine.pool-size}, default
 *                       {@link #defaultPoolSize()})
 * @param acquireTimeout wait for a free policy instance, then 503 ({@code labelgate.engine.acquire-timeout},
 *                       default {@code PT1S})
 * @param remote         the OPA server, used when the name is {@value #REMOTE}
 */
public record EngineConfig(String name, int poolSize, Duration acquireTimeout, RemoteEngineConfig remote) {

    /** The embedded (in-process Wasm) engine. */
    public static final String EMBEDDED = "embedded";

    /** The remote engine (an OPA server). */
    public static final String REMOTE = "remote";

    public EngineConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(acquireTimeout, "acquireTimeout");
        Objects.requireNonNull(remote, "remote");
    }

    /** Whether an OPA server decides, rather than the embedded engine. */
    public boolean isRemote() {
        return REMOTE.equals(name);
    }

    /** Reads its keys, the remote engine's too: a bad one is refused whichever engine is chosen. */
    static EngineConfig read(ConfigReader config) {
        String name = config.string("labelgate.engine", EMBEDDED);
        if (!EMBEDDED.equals(name) && !REMOTE.equals(name)) {
            throw new ConfigurationException("labelgate.engine", "unknown engine \"" + name
                    + "\"; supported: " + EMBEDDED + ", " + REMOTE);
        }
        RemoteEngineConfig remote = RemoteEngineConfig.read(config);
        if (REMOTE.equals(name) && remote.url().isEmpty()) {
            throw new ConfigurationException("labelgate.engine.remote.url",
                    "required with labelgate.engine=remote, e.g. http://127.0.0.1:8181");
        }
        return new EngineConfig(name,
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
