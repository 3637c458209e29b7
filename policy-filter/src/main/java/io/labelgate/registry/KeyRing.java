package io.labelgate.registry;

import io.labelgate.token.KeyRetirements;
import io.labelgate.token.SigningKey;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;
import org.jose4j.keys.resolvers.VerificationKeyResolver;
import org.jose4j.lang.JoseException;
import org.jose4j.lang.UnresolvableKeyException;

import java.security.Key;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * The signing keys kept in the registry: generated on first start, private parts encrypted,
 * identified by {@code kid}, rotated on demand. The newest active key signs; every active key
 * verifies until it is retired.
 *
 * <p>A node re-reads the keys when the registry's change feed says a key was added or retired
 * ({@link #reload()}, within the revocation bound, usually milliseconds), and at once when it
 * rotates or retires one itself; a token naming an unknown {@code kid} also makes it re-read
 * (at most once a second), for a key made on another node moments ago. Retirement is revocation:
 * {@link #epoch()} changes with every retirement seen, so verifications remembered before it are
 * made again and the retired key's tokens are refused.
 */
public final class KeyRing implements VerificationKeyResolver, KeyRetirements {

    private static final Logger LOG = Logger.getLogger(KeyRing.class.getName());
    private static final Duration UNKNOWN_KID_RELOAD_INTERVAL = Duration.ofSeconds(1);

    private final SigningKeyRegistry registry;
    private final KeyEncryption encryption;
    private final String algorithm;
    private final Clock clock;
    private volatile Snapshot snapshot;

    /**
     * @param retired the kids of retired keys
     * @param epoch   grows by one each time a reload finds a newly retired key
     */
    private record Snapshot(
            List<StoredSigningKey> active,
            JwksVerificationKeyResolver resolver,
            Set<String> retired,
            long epoch,
            Instant loadedAt) {}

    private KeyRing(SigningKeyRegistry registry, KeyEncryption encryption, String algorithm, Clock clock) {
        this.registry = registry;
        this.encryption = encryption;
        this.algorithm = algorithm;
        this.clock = clock;
    }

    /** Opens the key ring, generating the first key when the registry has none. */
    public static KeyRing open(SigningKeyRegistry registry, KeyEncryption encryption, String algorithm, Clock clock) {
        KeyRing ring = new KeyRing(
                Objects.requireNonNull(registry, "registry"),
                Objects.requireNonNull(encryption, "encryption"),
                Objects.requireNonNull(algorithm, "algorithm"),
                Objects.requireNonNull(clock, "clock"));
        ring.reload();
        if (ring.snapshot.active().isEmpty()) {
            ring.rotate(Actor.LABELGATE);
        }
        return ring;
    }

    /**
     * Generates a new key that signs from now on; older keys keep verifying until retired.
     *
     * @param by who asked, for the audit trail
     */
    public String rotate(Actor by) {
        SigningKey key = SigningKey.generate(algorithm);
        registry.insert(
                new StoredSigningKey(
                        key.keyId(),
                        key.algorithm(),
                        key.publicJwk().toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY),
                        encryption.encrypt(key.keyId(), key.toPrivateJwkJson()),
                        clock.instant(),
                        null),
                by);
        LOG.info("labelgate: generated signing key " + key.keyId() + " (" + key.algorithm() + ")");
        reload();
        return key.keyId();
    }

    /**
     * Retires a key: tokens it signed stop verifying, at once on this node, within the revocation
     * bound on others.
     *
     * @param by who asked, for the audit trail
     */
    public boolean retire(String kid, Actor by) {
        boolean retired = registry.retire(kid, clock.instant(), by);
        reload();
        if (retired) {
            LOG.info("labelgate: retired signing key " + kid + "; its tokens and the browser sessions opened with them "
                    + "stop working");
        }
        return retired;
    }

    @Override
    public long epoch() {
        return snapshot.epoch();
    }

    @Override
    public boolean retired(String kid) {
        return snapshot.retired().contains(kid);
    }

    /** The key that signs new tokens: the newest active one. */
    public SigningKey signingKey() {
        Snapshot current = snapshot;
        if (current.active().isEmpty()) {
            throw new IllegalStateException("no active signing key: rotate to create one");
        }
        StoredSigningKey newest = current.active().get(0);
        return SigningKey.fromPrivateJwkJson(encryption.decrypt(newest.kid(), newest.encryptedPrivateJwk()));
    }

    /** The public keys that verify, as a JWKS document (RFC 7517 §5). */
    public String jwks() {
        try {
            JsonWebKeySet set = new JsonWebKeySet();
            for (StoredSigningKey key : snapshot.active()) {
                set.addJsonWebKey(PublicJsonWebKey.Factory.newPublicJwk(key.publicJwk()));
            }
            return set.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
        } catch (JoseException e) {
            throw new IllegalStateException("a stored public key is not a valid JWK", e);
        }
    }

    @Override
    public Key resolveKey(JsonWebSignature jws, List<JsonWebStructure> nestingContext) throws UnresolvableKeyException {
        Snapshot current = snapshot;
        try {
            return current.resolver().resolveKey(jws, nestingContext);
        } catch (UnresolvableKeyException unknown) {
            if (Duration.between(current.loadedAt(), clock.instant()).compareTo(UNKNOWN_KID_RELOAD_INTERVAL) < 0) {
                throw unknown;
            }
            try {
                return reloadAfter(current).resolver().resolveKey(jws, nestingContext);
            } catch (RegistryUnavailableException outage) {
                throw new UnresolvableKeyException(
                        "signing key " + jws.getKeyIdHeaderValue() + " is unknown and the registry cannot be read",
                        outage);
            }
        }
    }

    /** Reloads unless another thread did since {@code seen} was read: one registry read per interval, not one per waiting thread. */
    private synchronized Snapshot reloadAfter(Snapshot seen) {
        return snapshot != seen ? snapshot : load();
    }

    /** Reads the keys from the registry again: the change feed says one was added or retired. */
    public void reload() {
        load();
    }

    private synchronized Snapshot load() {
        List<StoredSigningKey> all = registry.signingKeys();
        List<StoredSigningKey> active =
                all.stream().filter(StoredSigningKey::active).toList();
        Set<String> retired = all.stream()
                .filter(key -> !key.active())
                .map(StoredSigningKey::kid)
                .collect(Collectors.toUnmodifiableSet());
        Snapshot previous = snapshot;
        long epoch = previous == null
                ? 0
                : previous.retired().containsAll(retired) ? previous.epoch() : previous.epoch() + 1;
        List<JsonWebKey> publicKeys = active.stream()
                .map(key -> {
                    try {
                        return (JsonWebKey) PublicJsonWebKey.Factory.newPublicJwk(key.publicJwk());
                    } catch (JoseException e) {
                        throw new IllegalStateException("stored public key " + key.kid() + " is not a valid JWK", e);
                    }
                })
                .toList();
        Snapshot loaded =
                new Snapshot(active, new JwksVerificationKeyResolver(publicKeys), retired, epoch, clock.instant());
        snapshot = loaded;
        return loaded;
    }
}
