package io.labelgate.config;

/**
 * Demo mode ({@code labelgate.demo.*}): never in production.
 *
 * @param enabled whether the key-encryption key, an admin secret and one read token for the app are
 *                kept under the data directory, the token printed ({@code labelgate.demo.enabled},
 *                default {@code false})
 */
public record DemoConfig(boolean enabled) {

    /** Reads its keys. */
    static DemoConfig read(ConfigReader config) {
        return new DemoConfig(config.bool("labelgate.demo.enabled", false));
    }
}
