package io.labelgate.config;

/**
 * The container knows the caller ({@code labelgate.jakarta-security.*}): labelgate as the
 * application's Jakarta Security {@code HttpAuthenticationMechanism}, so EJBs, {@code EJBContext},
 * Jakarta Security's {@code SecurityContext} and {@code web.xml} constraints see the token's caller.
 *
 * <p>Off by default: a minor release only adds keys whose default keeps today's behaviour
 * (docs/versioning.md); on an out-of-the-box WildFly ({@code integrated-jaspi=true}) the mechanism
 * cannot name a caller that is in no realm; Jakarta Security allows one mechanism per application,
 * so an application with its own (a BASIC or FORM {@code login-config},
 * {@code labelgate.admin.container-login}) cannot have labelgate's too; and on Payara a registered
 * mechanism adds Jakarta Authentication work to every request.
 *
 * <p>The mechanism is registered while the container discovers beans, before the application's
 * {@code web.xml} is read, so only MicroProfile Config (system property, environment variable
 * {@code LABELGATE_JAKARTA_SECURITY_ENABLED}, {@code microprofile-config.properties}) can turn it on;
 * this record is what labelgate reads at start-up, to refuse a {@code web.xml} context parameter
 * that would seem to turn it on and does not.
 *
 * @param enabled whether labelgate is the application's Jakarta Security mechanism
 *                ({@code labelgate.jakarta-security.enabled}, default {@code false})
 */
public record JakartaSecurityConfig(boolean enabled) {

    /** The key. */
    public static final String ENABLED = "labelgate.jakarta-security.enabled";

    /**
     * What the extension that registers the mechanism needs to know, read from this lookup (MicroProfile
     * Config) while the container discovers beans.
     *
     * @param enabled        {@value #ENABLED}
     * @param containerLogin {@value AdminConfig#CONTAINER_LOGIN}
     */
    public record AtDiscovery(boolean enabled, boolean containerLogin) {

        /** Reads both keys; a value that is not a boolean is a {@link ConfigurationException} naming its key. */
        public static AtDiscovery read(ConfigLookup lookup) {
            ConfigReader config = new ConfigReader(lookup);
            return new AtDiscovery(config.bool(ENABLED, false), config.bool(AdminConfig.CONTAINER_LOGIN, false));
        }
    }

    /** Reads its keys. */
    static JakartaSecurityConfig read(ConfigReader config) {
        return new JakartaSecurityConfig(config.bool(ENABLED, false));
    }
}
