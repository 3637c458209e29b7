package io.labelgate.config;

/**
 * A configuration value labelgate cannot start with. The message names the key, what is wrong
 * and an example; it never repeats a secret value.
 */
public final class ConfigurationException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final String key;

    public ConfigurationException(String key, String problem) {
        super(key + ": " + problem);
        this.key = key;
    }

    public ConfigurationException(String key, String problem, Throwable cause) {
        super(key + ": " + problem, cause);
        this.key = key;
    }

    /** The configuration key at fault. */
    public String key() {
        return key;
    }
}
