package io.labelgate;

import io.labelgate.config.ConfigurationException;
import io.labelgate.config.LabelgateConfig;
import io.labelgate.config.Secret;
import io.labelgate.registry.KeyEncryption;
import io.labelgate.registry.KeyRing;
import io.labelgate.token.SigningKey;
import io.labelgate.token.VerificationKeys;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The token keys as the configuration names them: a signing key file, or else the registry's key
 * ring (whose private keys are encrypted with {@code labelgate.keys.encryption-key}); and every
 * key a token may be verified with. A key that cannot be read fails the start, naming its key.
 */
final class TokenKeys {

    private TokenKeys() {}

    static String firstAlgorithm(LabelgateConfig config) {
        return SigningKey.SUPPORTED_ALGORITHMS.stream()
                .filter(config.jwt().settings().algorithms()::contains)
                .findFirst()
                .orElseThrow();
    }

    static Optional<SigningKey> configuredSigningKey(LabelgateConfig config) {
        if (config.jwt().signingKeyFile().isEmpty()) {
            return Optional.empty();
        }
        Path file = config.jwt().signingKeyFile().get();
        try {
            return Optional.of(SigningKey.fromPrivateJwkJson(Files.readString(file, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new ConfigurationException("labelgate.jwt.signing-key-file", "cannot read " + file, e);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("labelgate.jwt.signing-key-file", e.getMessage(), e);
        }
    }

    static KeyEncryption keyEncryption(LabelgateConfig config) {
        Optional<Secret> configured = config.registry().encryptionKey();
        if (configured.isPresent()) {
            return KeyEncryption.fromBase64(configured.get().reveal());
        }
        if (config.demo().enabled()) {
            return KeyEncryption.fromBase64(DemoToken.loadOrCreateEncryptionKey(config.app()));
        }
        throw new ConfigurationException(
                "labelgate.keys.encryption-key",
                "required to protect the signing keys "
                        + "kept in the registry: base64 of 32 random bytes (openssl rand -base64 32), or the environment "
                        + "variable LABELGATE_KEYS_ENCRYPTION_KEY");
    }

    static VerificationKeys verificationKeys(
            LabelgateConfig config, Optional<SigningKey> configuredKey, Optional<KeyRing> keyRing) {
        VerificationKeys.Builder keys = VerificationKeys.builder();
        try {
            config.jwt().jwksFile().ifPresent(keys::jwksFile);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("labelgate.jwt.jwks-file", e.getMessage(), e);
        }
        try {
            config.jwt().publicKeyFile().ifPresent(keys::pemPublicKeyFile);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("labelgate.jwt.public-key-file", e.getMessage(), e);
        }
        config.jwt().jwksUrl().ifPresent(keys::jwksUrl);
        configuredKey.ifPresent(keys::signingKey);
        keyRing.ifPresent(keys::resolver);
        return keys.build();
    }
}
