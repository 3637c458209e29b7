package io.labelgate.config;

import io.labelgate.http.PathActionClassifier;

import java.util.Objects;

/**
 * Which servlet requests are action {@code manage} ({@code labelgate.manage.*}).
 *
 * @param paths {@code METHOD /path} or {@code METHOD /prefix/*} rules, comma-separated, as
 *              {@link PathActionClassifier#parse} reads them ({@code labelgate.manage.paths}, default none)
 */
public record ManageConfig(String paths) {

    public ManageConfig {
        Objects.requireNonNull(paths, "paths");
    }

    /** Reads its keys. */
    static ManageConfig read(ConfigReader config) {
        return new ManageConfig(config.parsed("labelgate.manage.paths", ManageConfig::requirePaths)
                .orElse(""));
    }

    private static String requirePaths(String paths) {
        PathActionClassifier.parse(paths);
        return paths;
    }
}
