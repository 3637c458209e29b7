package io.labelgate.config;

import io.labelgate.selector.Labels;
import io.labelgate.token.TokenClaims;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The protected app: who it is, where it runs and where its files are ({@code labelgate.app.*},
 * {@code labelgate.labels.reserved-prefix}, {@code labelgate.realm}, {@code labelgate.data-dir}).
 *
 * @param name           name in logs, the realm and the data directory ({@code labelgate.app.name},
 *                       default the context root)
 * @param id             configured app id ({@code labelgate.app.id}), or empty to use the persisted one
 * @param region         app region ({@code labelgate.app.region}, required)
 * @param labels         deployer labels ({@code labelgate.app.labels}); reserved ones are overridden later
 * @param reservedPrefix reserved label prefix, ending in {@code /} ({@code labelgate.labels.reserved-prefix})
 * @param realm          challenge realm ({@code labelgate.realm}, default the name)
 * @param dataDir        where the app id, and in demo mode the demo key and token, are kept
 *                       ({@code labelgate.data-dir})
 * @param baseUrl        where this app is served, for the Apps list ({@code labelgate.app.base-url})
 */
public record AppConfig(
        String name,
        Optional<UUID> id,
        String region,
        Map<String, String> labels,
        String reservedPrefix,
        String realm,
        Path dataDir,
        Optional<String> baseUrl) {

    public AppConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(region, "region");
        labels = Map.copyOf(labels);
        Objects.requireNonNull(reservedPrefix, "reservedPrefix");
        Objects.requireNonNull(realm, "realm");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(baseUrl, "baseUrl");
    }

    /**
     * Reads its keys.
     *
     * @param defaultName the name when {@code labelgate.app.name} is unset (the context root)
     */
    static AppConfig read(ConfigReader config, String defaultName) {
        // orElseGet: the context root only matters, and is only checked, when no name is configured
        String name =
                config.parsed("labelgate.app.name", AppConfig::requireName).orElseGet(() -> defaultName(defaultName));
        return new AppConfig(
                name,
                config.parsed("labelgate.app.id", UUID::fromString),
                config.parsed("labelgate.app.region", TokenClaims::requireRegion)
                        .orElseThrow(() -> new ConfigurationException("labelgate.app.region", "required, e.g. GRA")),
                config.parsed("labelgate.app.labels", Labels::parseLabels).orElse(Map.of()),
                config.parsed("labelgate.labels.reserved-prefix", AppConfig::requirePrefix)
                        .orElse("labelgate/"),
                config.string("labelgate.realm", name),
                config.path("labelgate.data-dir").orElse(Path.of(System.getProperty("user.home"), ".labelgate")),
                config.httpUrl("labelgate.app.base-url").map(Object::toString));
    }

    private static String defaultName(String name) {
        try {
            return requireName(name);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(
                    "labelgate.app.name",
                    "not set, and the context root \"" + name + "\" is not a valid name: " + e.getMessage(),
                    e);
        }
    }

    private static String requireName(String name) {
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,62}")) {
            throw new IllegalArgumentException("must be 1-63 letters, digits, '.', '_' or '-', e.g. ai-app");
        }
        return name;
    }

    private static String requirePrefix(String prefix) {
        if (!prefix.endsWith("/") || prefix.length() < 2) {
            throw new IllegalArgumentException("must be a DNS subdomain followed by '/', e.g. labelgate/");
        }
        Labels.validateKey(prefix + "id");
        return prefix;
    }
}
