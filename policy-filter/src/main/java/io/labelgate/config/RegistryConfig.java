package io.labelgate.config;

import io.labelgate.registry.KeyEncryption;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the registry lives, how fresh its answers must be and how its signing keys are kept
 * ({@code labelgate.registry.*}, {@code labelgate.revocation.max-staleness},
 * {@code labelgate.keys.encryption-key}).
 *
 * @param dataSource    JNDI name of the container DataSource ({@code labelgate.registry.datasource},
 *                      default {@code java:comp/DefaultDataSource}); ignored when a JDBC URL is set
 * @param jdbcUrl       JDBC URL ({@code labelgate.registry.jdbc-url}), e.g. {@code jdbc:postgresql://db:5432/labelgate}
 * @param user          database user ({@code labelgate.registry.user})
 * @param password      database password ({@code labelgate.registry.password})
 * @param maxStaleness  revocation bound ({@code labelgate.revocation.max-staleness}, default {@code PT2S})
 * @param encryptionKey key that encrypts signing keys at rest ({@code labelgate.keys.encryption-key},
 *                      env {@code LABELGATE_KEYS_ENCRYPTION_KEY}); required outside demo mode
 */
public record RegistryConfig(
        String dataSource,
        Optional<String> jdbcUrl,
        Optional<String> user,
        Optional<Secret> password,
        Duration maxStaleness,
        Optional<Secret> encryptionKey) {

    public RegistryConfig {
        Objects.requireNonNull(dataSource, "dataSource");
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(maxStaleness, "maxStaleness");
        Objects.requireNonNull(encryptionKey, "encryptionKey");
    }

    /** Reads its keys. */
    static RegistryConfig read(ConfigReader config) {
        return new RegistryConfig(
                config.string("labelgate.registry.datasource", "java:comp/DefaultDataSource"),
                config.parsed("labelgate.registry.jdbc-url", RegistryConfig::requireJdbcUrl),
                config.optional("labelgate.registry.user"),
                config.optional("labelgate.registry.password").map(Secret::of),
                config.duration("labelgate.revocation.max-staleness", Duration.ofSeconds(2)),
                config.parsed("labelgate.keys.encryption-key", RegistryConfig::requireEncryptionKey));
    }

    private static String requireJdbcUrl(String url) {
        if (!url.startsWith("jdbc:")) {
            throw new IllegalArgumentException("must be a JDBC URL, e.g. jdbc:postgresql://127.0.0.1:5432/labelgate");
        }
        return url;
    }

    private static Secret requireEncryptionKey(String base64) {
        KeyEncryption.fromBase64(base64);
        return Secret.of(base64);
    }
}
