package io.labelgate.config;

import io.labelgate.token.JwtSettings;
import io.labelgate.token.SigningKey;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How tokens are checked and minted, and which keys are trusted ({@code labelgate.jwt.*}).
 *
 * @param settings       what every token must carry ({@code labelgate.jwt.issuer}, {@code .audience},
 *                       {@code .algorithms}, {@code .clock-skew}, {@code .require-expiry})
 * @param jwksFile       JWKS file of trusted keys ({@code labelgate.jwt.jwks-file})
 * @param jwksUrl        JWKS URL of trusted keys ({@code labelgate.jwt.jwks-url})
 * @param publicKeyFile  PEM public key file ({@code labelgate.jwt.public-key-file})
 * @param signingKeyFile private JWK file that mints tokens, its public half trusted
 *                       ({@code labelgate.jwt.signing-key-file}); empty: the registry's key ring signs
 */
public record JwtConfig(
        JwtSettings settings,
        Optional<Path> jwksFile,
        Optional<URI> jwksUrl,
        Optional<Path> publicKeyFile,
        Optional<Path> signingKeyFile) {

    public JwtConfig {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(jwksFile, "jwksFile");
        Objects.requireNonNull(jwksUrl, "jwksUrl");
        Objects.requireNonNull(publicKeyFile, "publicKeyFile");
        Objects.requireNonNull(signingKeyFile, "signingKeyFile");
    }

    /** Reads its keys. */
    static JwtConfig read(ConfigReader config) {
        JwtSettings defaults = JwtSettings.defaults();
        Set<String> algorithms =
                config.parsed("labelgate.jwt.algorithms", JwtConfig::algorithms).orElse(defaults.algorithms());
        String issuer = config.string("labelgate.jwt.issuer", defaults.issuer());
        String audience = config.string("labelgate.jwt.audience", defaults.audience());
        Duration clockSkew = config.checked(
                "labelgate.jwt.clock-skew",
                config.duration("labelgate.jwt.clock-skew", defaults.clockSkew()),
                JwtSettings::requireClockSkew);
        // each rule of JwtSettings is checked under the key that set the value (issuer and audience
        // are never blank: a blank value reads as unset), so that its constructor has nothing left
        // to refuse and no fault is reported under another key
        JwtSettings settings = new JwtSettings(
                issuer,
                audience,
                algorithms,
                clockSkew,
                config.bool("labelgate.jwt.require-expiry", defaults.requireExpiry()));
        return new JwtConfig(
                settings,
                config.path("labelgate.jwt.jwks-file"),
                config.httpUrl("labelgate.jwt.jwks-url"),
                config.path("labelgate.jwt.public-key-file"),
                config.path("labelgate.jwt.signing-key-file"));
    }

    private static Set<String> algorithms(String list) {
        Set<String> algorithms = new LinkedHashSet<>();
        for (String algorithm :
                Arrays.stream(list.split(",")).map(String::strip).toList()) {
            if (!SigningKey.SUPPORTED_ALGORITHMS.contains(algorithm)) {
                throw new IllegalArgumentException("unsupported algorithm \"" + algorithm + "\"; supported: "
                        + SigningKey.SUPPORTED_ALGORITHMS + " (never none or a symmetric algorithm)");
            }
            algorithms.add(algorithm);
        }
        // "," names none: String.split drops the empty strings around it
        return JwtSettings.requireAlgorithms(algorithms);
    }
}
