package io.labelgate.config;

import java.util.Objects;

/**
 * Everything labelgate is configured with, read once at start-up and validated: a bad value
 * stops the deployment with a {@link ConfigurationException} naming its key.
 *
 * <p>One record per key prefix, each reading and naming its own keys. The keys, their defaults
 * and meaning are listed once, in the table of README.md's "Configuration" section;
 * {@code ConfigurationKeysTest} fails when a key read here is missing from it or a key in it is
 * never read.
 *
 * @param app        the protected app ({@code labelgate.app.*}, reserved prefix, realm, data directory)
 * @param jwt        how tokens are checked and minted, and which keys are trusted ({@code labelgate.jwt.*})
 * @param tokenCache the verified-token cache ({@code labelgate.token-cache.*})
 * @param tokens     rules on the tokens labelgate creates ({@code labelgate.tokens.*})
 * @param engine     the decision engine ({@code labelgate.engine.*})
 * @param decisions  the decision cache and log ({@code labelgate.decision-cache.*}, {@code labelgate.decision-log.*})
 * @param policy     the policy the embedded engine runs, and the shadow policy ({@code labelgate.policy.*})
 * @param registry   the registry, the revocation bound and the key-encryption key ({@code labelgate.registry.*},
 *                   {@code .revocation.*}, {@code .keys.*})
 * @param admin      the admin API ({@code labelgate.admin.*})
 * @param console    the browser pages and sessions ({@code labelgate.console.*}, {@code .session.*}, {@code .login.*})
 * @param manage     which servlet requests are action {@code manage} ({@code labelgate.manage.*})
 * @param demo       demo mode ({@code labelgate.demo.*})
 * @param audit      the audit trail ({@code labelgate.audit.*})
 * @param metrics    the metrics endpoint ({@code labelgate.metrics.*})
 * @param jakartaSecurity labelgate as the container's Jakarta Security mechanism ({@code labelgate.jakarta-security.*})
 */
public record LabelgateConfig(
        AppConfig app,
        JwtConfig jwt,
        TokenCacheConfig tokenCache,
        TokensConfig tokens,
        EngineConfig engine,
        DecisionsConfig decisions,
        PolicyConfig policy,
        RegistryConfig registry,
        AdminConfig admin,
        ConsoleConfig console,
        ManageConfig manage,
        DemoConfig demo,
        AuditConfig audit,
        MetricsConfig metrics,
        JakartaSecurityConfig jakartaSecurity) {

    public LabelgateConfig {
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(jwt, "jwt");
        Objects.requireNonNull(tokenCache, "tokenCache");
        Objects.requireNonNull(tokens, "tokens");
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(decisions, "decisions");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(admin, "admin");
        Objects.requireNonNull(console, "console");
        Objects.requireNonNull(manage, "manage");
        Objects.requireNonNull(demo, "demo");
        Objects.requireNonNull(audit, "audit");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(jakartaSecurity, "jakartaSecurity");
    }

    /**
     * Reads and validates the configuration.
     *
     * @param lookup          where values come from
     * @param defaultAppName  the name when {@code labelgate.app.name} is unset (the context root)
     * @throws ConfigurationException naming the first key at fault
     */
    public static LabelgateConfig load(ConfigLookup lookup, String defaultAppName) {
        ConfigReader config = new ConfigReader(lookup);
        return new LabelgateConfig(
                AppConfig.read(config, defaultAppName),
                JwtConfig.read(config),
                TokenCacheConfig.read(config),
                TokensConfig.read(config),
                EngineConfig.read(config),
                DecisionsConfig.read(config),
                PolicyConfig.read(config),
                RegistryConfig.read(config),
                AdminConfig.read(config),
                ConsoleConfig.read(config),
                ManageConfig.read(config),
                DemoConfig.read(config),
                AuditConfig.read(config),
                MetricsConfig.read(config),
                JakartaSecurityConfig.read(config));
    }
}
