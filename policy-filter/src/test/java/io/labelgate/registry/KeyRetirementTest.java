package io.labelgate.registry;

import io.labelgate.MutableClock;
import io.labelgate.token.CachingTokenVerifier;
import io.labelgate.token.JwtSettings;
import io.labelgate.token.JwtTokenVerifier;
import io.labelgate.token.TokenIssuer;
import io.labelgate.token.TokenRejectedException;
import io.labelgate.token.VerificationKeys;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Retiring a signing key is revocation: its tokens stop working at once on the node that retired
 * it and, on every other node, from its next read of the change feed (so within the revocation
 * bound), even when their verification is cached.
 */
class KeyRetirementTest {

    private static final Duration BOUND = Duration.ofSeconds(2);
    private static final Duration TICK = Duration.ofMillis(50);
    private static final String ENCRYPTION = KeyEncryption.generateBase64();

    private final AtomicBoolean down = new AtomicBoolean();
    private final JdbcRegistry registry = JdbcRegistry.migrate(TestDataSources.switchable(TestDataSources.h2(), down));

    /** One node: its key ring, its follower of the feed, its request path's verifier (cached signatures, then the registry). */
    private final class Node {
        final MutableClock clock = new MutableClock(Instant.now());
        final KeyRing keys = KeyRing.open(registry, KeyEncryption.fromBase64(ENCRYPTION), "RS256", clock);
        final ChangeRoutes routes = new ChangeRoutes().on(Change.Kind.KEY, kid -> keys.reload());
        final ChangeFollower follower = new ChangeFollower(registry, BOUND, clock, routes);
        final RevocationCheckingVerifier verifier = new RevocationCheckingVerifier(
                new CachingTokenVerifier(
                        new JwtTokenVerifier(
                                JwtSettings.defaults(),
                                VerificationKeys.builder().resolver(keys).build()),
                        100,
                        Duration.ofMinutes(5),
                        clock,
                        keys),
                registry,
                follower,
                100,
                clock);
        final TokenService tokens = new TokenService(
                registry,
                () -> new TokenIssuer(keys.signingKey(), JwtSettings.defaults()),
                Clock.systemUTC(),
                verifier::invalidate);
    }

    private String createdOn(Node node) {
        return node.tokens
                .create(new NewToken("n", "group=A", null, "read", "GRA", null))
                .tokenString();
    }

    @Test
    void tokenOfARetiredKeyIsRefusedAtOnceOnTheNodeThatRetiredIt() throws TokenRejectedException {
        Node node = new Node();
        String token = createdOn(node);
        String oldKid = node.keys.signingKey().keyId();
        node.verifier.verify(token);
        node.clock.advance(TICK); // the newest key signs: a later creation time than the first one's
        node.keys.rotate(Actor.LABELGATE);
        node.verifier.verify(token);

        node.keys.retire(oldKid, Actor.LABELGATE);

        assertEquals(
                "token signed by an unknown key",
                assertThrows(TokenRejectedException.class, () -> node.verifier.verify(token))
                        .getMessage());
    }

    @Test
    void tokenOfAKeyRetiredOnAnotherNodeIsRefusedFromTheNextReadOfTheFeedThoughItsVerificationWasCached()
            throws TokenRejectedException {
        Node a = new Node();
        Node b = new Node();
        String token = createdOn(a);
        String oldKid = a.keys.signingKey().keyId();
        b.verifier.verify(token);
        a.clock.advance(TICK); // the newest key signs: a later creation time than the first one's
        a.keys.rotate(Actor.LABELGATE);
        assertEquals(false, a.keys.signingKey().keyId().equals(oldKid));
        String fresh = createdOn(a);

        a.keys.retire(oldKid, Actor.LABELGATE);

        assertEquals(1, b.verifier.verify(token).generation(), "until B reads the feed, its cached verification");
        b.follower.poll();

        assertEquals(
                "token signed by an unknown key",
                assertThrows(TokenRejectedException.class, () -> b.verifier.verify(token))
                        .getMessage());
        assertEquals(2, registry.signingKeys().size());
        b.verifier.verify(fresh);
    }

    @Test
    void aNodeThatCannotReadTheFeedPastTheBoundFailsClosed() throws TokenRejectedException {
        Node node = new Node();
        String token = createdOn(node);
        node.verifier.verify(token);

        down.set(true);
        node.clock.advance(BOUND);

        assertThrows(RegistryUnavailableException.class, node.follower::poll);
        assertThrows(RegistryUnavailableException.class, () -> node.verifier.verify(token));
    }
}
