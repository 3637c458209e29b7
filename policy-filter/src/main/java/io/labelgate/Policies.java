package io.labelgate;

import io.labelgate.bundle.BundleSource;
import io.labelgate.bundle.BundleVerifier;
import io.labelgate.bundle.PolicyLoader;
import io.labelgate.config.ConfigurationException;
import io.labelgate.config.LabelgateConfig;
import io.labelgate.config.PolicyConfig;
import io.labelgate.config.RemoteEngineConfig;
import io.labelgate.decision.DecisionEngine;
import io.labelgate.decision.EmbeddedWasmEngine;
import io.labelgate.decision.RemoteOpaEngine;
import io.labelgate.decision.ShadowDecisions;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * The decision engine an app runs and where its policy comes from: labelgate's built-in policy,
 * a bundle kept current by a {@link PolicyLoader}, or an OPA server; and the shadow policy, when
 * one is configured. Built at start-up: a configuration fault (an unreadable verification key, a
 * malformed location) stops the deployment naming its key, while a bundle that cannot be fetched
 * yet only keeps the app refusing with 503 until one loads.
 */
final class Policies implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Policies.class.getName());

    private final DecisionEngine engine;
    private final Optional<EmbeddedWasmEngine> reloadable;
    private final Optional<PolicyLoader> live;
    private final Optional<ShadowDecisions> shadow;
    private final List<AutoCloseable> closing;

    private Policies(
            DecisionEngine engine,
            Optional<EmbeddedWasmEngine> reloadable,
            Optional<PolicyLoader> live,
            Optional<ShadowDecisions> shadow,
            List<AutoCloseable> closing) {
        this.engine = engine;
        this.reloadable = reloadable;
        this.live = live;
        this.shadow = shadow;
        this.closing = closing;
    }

    static Policies start(LabelgateConfig config, Function<String, InputStream> resources, Clock clock) {
        List<AutoCloseable> closing = new ArrayList<>();
        try {
            return start(config, resources, clock, closing);
        } catch (RuntimeException e) {
            // nothing started here may outlive a failed start: the pollers are threads
            new Policies(null, Optional.empty(), Optional.empty(), Optional.empty(), closing).close();
            throw e;
        }
    }

    private static Policies start(
            LabelgateConfig config, Function<String, InputStream> resources, Clock clock, List<AutoCloseable> closing) {
        PolicyConfig policy = config.policy();
        Optional<BundleVerifier> verifier = policy.verificationKey().map(key -> verifier(key, resources));
        DecisionEngine engine;
        Optional<EmbeddedWasmEngine> reloadable = Optional.empty();
        Optional<PolicyLoader> live = Optional.empty();
        if (config.engine().isRemote()) {
            RemoteEngineConfig remote = config.engine().remote();
            engine = new RemoteOpaEngine(
                    remote.url().orElseThrow(),
                    remote.path(),
                    remote.connectTimeout(),
                    remote.timeout(),
                    remote.openInterval());
            if (policy.bundle().isPresent()) {
                String bundle = source(
                                "labelgate.policy.bundle", policy.bundle().get(), config, resources)
                        .describe();
                LOG.info(() -> "labelgate: labelgate.policy.bundle (" + bundle + ") is not loaded by labelgate "
                        + "with the remote engine: the OPA server at "
                        + remote.url().get() + " decides with what "
                        + "it loads; give it the same bundle (opa run --server --bundle <file>, or its bundles "
                        + "configuration)");
            }
        } else if (policy.bundle().isPresent()) {
            EmbeddedWasmEngine embedded = EmbeddedWasmEngine.awaitingPolicy(
                    config.engine().poolSize(), config.engine().acquireTimeout());
            closing.add(embedded);
            PolicyLoader loader = loader(
                    "policy",
                    "labelgate.policy.bundle",
                    policy.bundle().get(),
                    config,
                    resources,
                    verifier,
                    embedded,
                    clock);
            closing.add(loader);
            loader.start(config.app().name());
            engine = embedded;
            reloadable = Optional.of(embedded);
            live = Optional.of(loader);
        } else {
            EmbeddedWasmEngine embedded = EmbeddedWasmEngine.bundled(
                    config.engine().poolSize(), config.engine().acquireTimeout());
            closing.add(embedded);
            engine = embedded;
        }
        Optional<ShadowDecisions> shadow = Optional.empty();
        if (policy.shadow().isPresent()) {
            EmbeddedWasmEngine embedded =
                    EmbeddedWasmEngine.awaitingPolicy(1, config.engine().acquireTimeout());
            closing.add(embedded);
            PolicyLoader loader = loader(
                    "shadow policy",
                    "labelgate.policy.shadow",
                    policy.shadow().get(),
                    config,
                    resources,
                    verifier,
                    embedded,
                    clock);
            closing.add(loader);
            loader.start(config.app().name());
            ShadowDecisions decisions = new ShadowDecisions(
                    embedded, policy.shadowSampleRate(), config.app().name());
            closing.add(decisions);
            shadow = Optional.of(decisions);
            LOG.info(() -> "labelgate: shadow policy from " + loader.source().describe() + " compared on "
                    + Math.round(policy.shadowSampleRate() * 100) + " % of requests; disagreements are logged by "
                    + ShadowDecisions.LOGGER);
        }
        return new Policies(engine, reloadable, live, shadow, closing);
    }

    private static PolicyLoader loader(
            String role,
            String key,
            String location,
            LabelgateConfig config,
            Function<String, InputStream> resources,
            Optional<BundleVerifier> verifier,
            EmbeddedWasmEngine engine,
            Clock clock) {
        BundleSource source = source(key, location, config, resources);
        if (source instanceof BundleSource.Server server && server.plainHttpBeyondLoopback()) {
            // anyone on the way could serve a policy that allows everything, or read the credential
            if (verifier.isEmpty()) {
                throw new ConfigurationException(
                        key,
                        "a bundle fetched over plain http from another host must be "
                                + "signed: set labelgate.policy.bundle.verification-key, or use https");
            }
            if (config.policy().credential().isPresent()) {
                throw new ConfigurationException(
                        "labelgate.policy.bundle.credential",
                        "would be sent in clear text " + "to " + server.describe() + ": use https");
            }
        }
        return new PolicyLoader(role, source, verifier, engine, config.policy().pollingInterval(), clock);
    }

    private static BundleSource source(
            String key, String location, LabelgateConfig config, Function<String, InputStream> resources) {
        try {
            return BundleSource.of(
                    location,
                    resources,
                    config.policy().credential(),
                    config.policy().timeout());
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(key, e.getMessage(), e);
        }
    }

    /** The verification key: inline PEM or JWKS, a WAR resource, or a file. */
    private static BundleVerifier verifier(String key, Function<String, InputStream> resources) {
        String name = "labelgate.policy.bundle.verification-key";
        String text;
        if (key.startsWith("-----BEGIN") || key.startsWith("{")) {
            text = key;
        } else if (key.startsWith("/WEB-INF/")) {
            try (InputStream in = resources.apply(key)) {
                if (in == null) {
                    throw new ConfigurationException(name, "the WAR has no " + key);
                }
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new ConfigurationException(name, "cannot read " + key + " from the WAR: " + e.getMessage(), e);
            }
        } else {
            try {
                text = Files.readString(Path.of(key), StandardCharsets.UTF_8);
            } catch (IOException | RuntimeException e) {
                throw new ConfigurationException(
                        name, "neither a PEM key, a JWKS document, nor a readable file: " + e.getMessage(), e);
            }
        }
        try {
            return BundleVerifier.of(text);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(name, e.getMessage(), e);
        }
    }

    DecisionEngine engine() {
        return engine;
    }

    /** The engine whose policy a bundle replaces while it runs, if any. */
    Optional<EmbeddedWasmEngine> reloadable() {
        return reloadable;
    }

    /** The live policy's loader, when it comes from a bundle. */
    Optional<PolicyLoader> live() {
        return live;
    }

    Optional<ShadowDecisions> shadow() {
        return shadow;
    }

    @Override
    public void close() {
        for (int i = closing.size() - 1; i >= 0; i--) {
            try {
                closing.get(i).close();
            } catch (Exception e) {
                LOG.warning("labelgate: closing " + closing.get(i) + " failed: " + e);
            }
        }
    }
}
