package io.labelgate.token;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * How tokens are verified and minted.
 *
 * @param issuer        the {@code iss} every token must carry ({@code labelgate.jwt.issuer})
 * @param audience      the {@code aud} every token must carry ({@code labelgate.jwt.audience})
 * @param algorithms    the accepted JWS algorithms, a subset of {@link SigningKey#SUPPORTED_ALGORITHMS}
 * @param clockSkew     tolerance for {@code exp}, {@code nbf} and {@code iat} between machines
 * @param requireExpiry whether a token without {@code exp} is refused
 */
public record JwtSettings(
        String issuer, String audience, Set<String> algorithms, Duration clockSkew, boolean requireExpiry) {

    /** Largest token string accepted; longer ones are refused before parsing. */
    public static final int MAX_TOKEN_LENGTH = 8192;

    public JwtSettings {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(audience, "audience");
        algorithms = Set.copyOf(requireAlgorithms(algorithms));
        Objects.requireNonNull(clockSkew, "clockSkew");
        if (issuer.isBlank() || audience.isBlank()) {
            throw new IllegalArgumentException("issuer and audience must not be blank");
        }
        requireClockSkew(clockSkew);
    }

    /**
     * The rule for {@code algorithms}, public so that configuration can check the value under the
     * key that set it.
     *
     * @throws IllegalArgumentException unless a non-empty subset of {@link SigningKey#SUPPORTED_ALGORITHMS}
     */
    public static Set<String> requireAlgorithms(Set<String> algorithms) {
        if (algorithms.isEmpty() || !SigningKey.SUPPORTED_ALGORITHMS.containsAll(algorithms)) {
            throw new IllegalArgumentException(
                    "algorithms must be a non-empty subset of " + SigningKey.SUPPORTED_ALGORITHMS);
        }
        return algorithms;
    }

    /**
     * The rule for {@code clockSkew}, public so that configuration can check the value under the
     * key that set it.
     *
     * @throws IllegalArgumentException unless between 0 and 5 minutes
     */
    public static Duration requireClockSkew(Duration clockSkew) {
        if (clockSkew.isNegative() || clockSkew.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalArgumentException("clock skew must be between 0 and 5 minutes");
        }
        return clockSkew;
    }

    /** Defaults: issuer and audience {@code labelgate}, RS256, 30 s skew, expiry optional. */
    public static JwtSettings defaults() {
        return new JwtSettings("labelgate", "labelgate", Set.of("RS256"), Duration.ofSeconds(30), false);
    }
}
