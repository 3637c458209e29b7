package io.labelgate.config;

import java.time.Duration;
import java.util.Objects;

/**
 * The browser pages ("Login with token", Tokens, Apps) and their sessions
 * ({@code labelgate.console.*}, {@code labelgate.session.*}, {@code labelgate.login.*}).
 *
 * @param path             where ({@code labelgate.console.path}, default {@code /labelgate})
 * @param sessionLifetime  longest browser session ({@code labelgate.session.lifetime}, default {@code PT12H})
 * @param maxLoginFailures failed logins allowed per client address and hour
 *                         ({@code labelgate.login.max-failures-per-hour}, default 100)
 */
public record ConsoleConfig(String path, Duration sessionLifetime, int maxLoginFailures) {

    public ConsoleConfig {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(sessionLifetime, "sessionLifetime");
    }

    /** Reads its keys. */
    static ConsoleConfig read(ConfigReader config) {
        return new ConsoleConfig(
                config.urlPath("labelgate.console.path").orElse("/labelgate"),
                config.duration("labelgate.session.lifetime", Duration.ofHours(12)),
                config.positiveInt("labelgate.login.max-failures-per-hour", 100));
    }
}
