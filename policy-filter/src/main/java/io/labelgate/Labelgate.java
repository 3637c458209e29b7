package io.labelgate;

import io.labelgate.app.AppIdStore;
import io.labelgate.app.AppIdentity;
import io.labelgate.config.ConfigurationException;
import io.labelgate.config.LabelgateConfig;
import io.labelgate.decision.EmbeddedWasmEngine;
import io.labelgate.http.ActionClassifier;
import io.labelgate.http.AuthorizationHeaderResolver;
import io.labelgate.http.Protection;
import io.labelgate.http.ProtectionPipeline;
import io.labelgate.token.CachingTokenVerifier;
import io.labelgate.token.JwtTokenVerifier;
import io.labelgate.token.SigningKey;
import io.labelgate.token.TokenIssuer;
import io.labelgate.token.VerificationKeys;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * labelgate assembled for one application from its {@link LabelgateConfig}: keys, verifier,
 * app identity, decision engine and pipeline. Built once at start-up; everything that can be
 * wrong with the configuration fails here, naming the key.
 */
public final class Labelgate implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Labelgate.class.getName());

    private final LabelgateConfig config;
    private final AppIdentity app;
    private final Protection protection;
    private final EmbeddedWasmEngine engine;
    private final Optional<TokenIssuer> issuer;

    private Labelgate(LabelgateConfig config, AppIdentity app, Protection protection, EmbeddedWasmEngine engine,
                      Optional<TokenIssuer> issuer) {
        this.config = config;
        this.app = app;
        this.protection = protection;
        this.engine = engine;
        this.issuer = issuer;
    }

    /** Builds labelgate for this configuration. */
    public static Labelgate start(LabelgateConfig config) {
        Objects.requireNonNull(config, "config");
        Optional<SigningKey> signingKey = signingKey(config);
        VerificationKeys keys = verificationKeys(config, signingKey);
        CachingTokenVerifier verifier = new CachingTokenVerifier(new JwtTokenVerifier(config.jwt(), keys),
                config.tokenCacheSize(), config.tokenCacheMaxAge(), Clock.systemUTC());

        AppIdentity app = AppIdentity.withReservedLabels(
                config.appId().orElseGet(() -> new AppIdStore(config.dataDir(), config.appName()).loadOrCreate()),
                config.region(), config.labels(), config.reservedPrefix(),
                warning -> LOG.warning("labelgate: " + warning));

        EmbeddedWasmEngine engine = EmbeddedWasmEngine.bundled(config.enginePoolSize(), config.engineAcquireTimeout());
        ProtectionPipeline pipeline = new ProtectionPipeline(new AuthorizationHeaderResolver(), verifier, app,
                ActionClassifier.allReads(), engine);
        Labelgate labelgate = new Labelgate(config, app, new Protection(pipeline, config.realm()), engine,
                signingKey.map(key -> new TokenIssuer(key, config.jwt())));
        LOG.info(() -> "labelgate: protecting app " + config.appName() + " (id " + app.id() + ", region "
                + app.region() + ", labels " + app.labels() + ") with the " + config.engine() + " engine; "
                + keys.staticKeyCount() + " static verification key(s)"
                + config.jwksUrl().map(url -> " and JWKS " + url).orElse(""));
        if (config.demo()) {
            DemoToken.issue(labelgate);
        }
        return labelgate;
    }

    private static Optional<SigningKey> signingKey(LabelgateConfig config) {
        if (config.signingKeyFile().isPresent()) {
            Path file = config.signingKeyFile().get();
            try {
                return Optional.of(SigningKey.fromPrivateJwkJson(Files.readString(file, StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new ConfigurationException("labelgate.jwt.signing-key-file", "cannot read " + file, e);
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException("labelgate.jwt.signing-key-file", e.getMessage(), e);
            }
        }
        if (config.demo()) {
            return Optional.of(DemoToken.loadOrCreateKey(config));
        }
        return Optional.empty();
    }

    private static VerificationKeys verificationKeys(LabelgateConfig config, Optional<SigningKey> signingKey) {
        VerificationKeys.Builder keys = VerificationKeys.builder();
        try {
            config.jwksFile().ifPresent(keys::jwksFile);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("labelgate.jwt.jwks-file", e.getMessage(), e);
        }
        try {
            config.publicKeyFile().ifPresent(keys::pemPublicKeyFile);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("labelgate.jwt.public-key-file", e.getMessage(), e);
        }
        config.jwksUrl().ifPresent(keys::jwksUrl);
        signingKey.ifPresent(keys::signingKey);
        try {
            return keys.build();
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("labelgate.jwt.jwks-file", "no key to verify tokens with: set "
                    + "labelgate.jwt.jwks-file, labelgate.jwt.jwks-url, labelgate.jwt.public-key-file or "
                    + "labelgate.jwt.signing-key-file");
        }
    }

    /** The configuration labelgate started with. */
    public LabelgateConfig config() {
        return config;
    }

    /** This app's identity. */
    public AppIdentity app() {
        return app;
    }

    /** The protection the adapters use. */
    public Protection protection() {
        return protection;
    }

    /** The issuer, when a signing key is configured. */
    public Optional<TokenIssuer> issuer() {
        return issuer;
    }

    @Override
    public void close() {
        engine.close();
    }
}
