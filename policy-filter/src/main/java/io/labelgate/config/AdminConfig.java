package io.labelgate.config;

import io.labelgate.http.AuthorizationHeaderResolver;

import java.util.Objects;
import java.util.Optional;

/**
 * The admin API ({@code labelgate.admin.*}).
 *
 * @param enabled     whether it is served ({@code labelgate.admin.enabled}, default {@code false})
 * @param path        where ({@code labelgate.admin.path}, default {@code /labelgate/api})
 * @param secret      the admin credential ({@code labelgate.admin.secret}, env {@code LABELGATE_ADMIN_SECRET});
 *                    without it only callers in container role {@code labelgate-admin} are admitted
 * @param maxFailures wrong admin credentials allowed per client address and hour, per node
 *                    ({@code labelgate.admin.max-failures-per-hour}, default 20); past it every
 *                    attempt from that address gets {@code 429} with {@code Retry-After}
 * @param containerLogin whether administrators may sign in to the pages through the container's
 *                    own login ({@code labelgate.admin.container-login}, default {@code false}):
 *                    the login page then links to {@code /labelgate/admin-login}, which asks the
 *                    container to authenticate (the web application's {@code login-config}: BASIC,
 *                    FORM, a client certificate, OpenID Connect) and admits users in role
 *                    {@code labelgate-admin}
 */
public record AdminConfig(
        boolean enabled, String path, Optional<Secret> secret, int maxFailures, boolean containerLogin) {

    /** The key of {@link #containerLogin()}. */
    public static final String CONTAINER_LOGIN = "labelgate.admin.container-login";

    public AdminConfig {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(secret, "secret");
    }

    /** Reads its keys. */
    static AdminConfig read(ConfigReader config) {
        return new AdminConfig(
                config.bool("labelgate.admin.enabled", false),
                config.urlPath("labelgate.admin.path").orElse("/labelgate/api"),
                config.parsed("labelgate.admin.secret", AdminConfig::requireSecret),
                config.positiveInt("labelgate.admin.max-failures-per-hour", 20),
                config.bool(CONTAINER_LOGIN, false));
    }

    /** A credential presented as a bearer token: long enough not to be guessed, and one b64token. */
    static Secret requireSecret(String secret) {
        if (secret.length() < 16 || !AuthorizationHeaderResolver.isB64Token(secret)) {
            throw new IllegalArgumentException("must be at least 16 characters of A-Z a-z 0-9 - . _ ~ + /, "
                    + "e.g. from openssl rand -base64 24");
        }
        return Secret.of(secret);
    }
}
