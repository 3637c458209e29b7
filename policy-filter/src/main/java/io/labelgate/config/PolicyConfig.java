package io.labelgate.config;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The policy the embedded engine runs: the built-in one unless a bundle is configured; and the
 * shadow policy ({@code labelgate.policy.*}).
 *
 * @param bundle           where the bundle is ({@code labelgate.policy.bundle}): {@code /WEB-INF/...}
 *                         in the WAR, an absolute file path, or an {@code http(s)} URL polled like OPA's
 *                         bundle service; empty: the built-in policy. With the remote engine the OPA
 *                         server loads the bundle itself, and labelgate does not
 * @param verificationKey  the key bundles must be signed with ({@code labelgate.policy.bundle.verification-key}):
 *                         a PEM public key or a JWKS document, inline or as a file path or WAR path; when
 *                         set, an unsigned or tampered bundle is refused
 * @param pollingInterval  time between polls of a file or server
 *                         ({@code labelgate.policy.bundle.polling-interval}, default {@code PT30S})
 * @param credential       bearer credential for the bundle server ({@code labelgate.policy.bundle.credential},
 *                         env {@code LABELGATE_POLICY_BUNDLE_CREDENTIAL})
 * @param timeout          bound on one fetch from the server ({@code labelgate.policy.bundle.timeout}, default
 *                         {@code PT10S})
 * @param shadow           a second bundle evaluated beside the live policy, whose answers are only compared
 *                         and logged ({@code labelgate.policy.shadow}); same forms as {@code bundle}
 * @param shadowSampleRate share of requests the shadow policy also decides
 *                         ({@code labelgate.policy.shadow.sample-rate}, more than 0, at most 1, default 1)
 */
public record PolicyConfig(
        Optional<String> bundle,
        Optional<String> verificationKey,
        Duration pollingInterval,
        Optional<Secret> credential,
        Duration timeout,
        Optional<String> shadow,
        double shadowSampleRate) {

    public PolicyConfig {
        Objects.requireNonNull(bundle, "bundle");
        Objects.requireNonNull(verificationKey, "verificationKey");
        Objects.requireNonNull(pollingInterval, "pollingInterval");
        Objects.requireNonNull(credential, "credential");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(shadow, "shadow");
    }

    /** The built-in policy, no shadow: what an unconfigured deployment runs. */
    public static PolicyConfig builtIn() {
        return new PolicyConfig(
                Optional.empty(),
                Optional.empty(),
                Duration.ofSeconds(30),
                Optional.empty(),
                Duration.ofSeconds(10),
                Optional.empty(),
                1.0);
    }

    /** Reads its keys. */
    static PolicyConfig read(ConfigReader config) {
        Duration interval = config.duration("labelgate.policy.bundle.polling-interval", Duration.ofSeconds(30));
        if (interval.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new ConfigurationException("labelgate.policy.bundle.polling-interval", "must be at least PT1S");
        }
        Duration timeout = config.duration("labelgate.policy.bundle.timeout", Duration.ofSeconds(10));
        if (timeout.isZero()) {
            throw new ConfigurationException("labelgate.policy.bundle.timeout", "must be positive, e.g. PT10S");
        }
        Optional<String> bundle = config.parsed("labelgate.policy.bundle", PolicyConfig::requireBundleLocation);
        Optional<String> shadow = config.parsed("labelgate.policy.shadow", PolicyConfig::requireBundleLocation);
        Optional<String> key = config.optional("labelgate.policy.bundle.verification-key");
        if (key.isPresent() && bundle.isEmpty() && shadow.isEmpty()) {
            throw new ConfigurationException(
                    "labelgate.policy.bundle.verification-key",
                    "set, but there is no labelgate.policy.bundle or labelgate.policy.shadow to verify");
        }
        double rate = config.parsed("labelgate.policy.shadow.sample-rate", PolicyConfig::requireRate)
                .orElse(1.0);
        return new PolicyConfig(
                bundle,
                key,
                interval,
                config.optional("labelgate.policy.bundle.credential").map(Secret::of),
                timeout,
                shadow,
                rate);
    }

    private static String requireBundleLocation(String location) {
        if (location.startsWith("/WEB-INF/")
                || location.startsWith("http://")
                || location.startsWith("https://")
                || location.startsWith("/")) {
            return location;
        }
        throw new IllegalArgumentException("must be /WEB-INF/... in the WAR, an absolute file path or an http(s) URL, "
                + "e.g. /WEB-INF/labelgate/policy.tar.gz");
    }

    private static double requireRate(String value) {
        double rate;
        try {
            rate = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("must be a number more than 0 and at most 1, e.g. 0.1", e);
        }
        if (!(rate > 0 && rate <= 1)) {
            throw new IllegalArgumentException("must be more than 0 and at most 1, e.g. 0.1");
        }
        return rate;
    }
}
