package io.labelgate.registry;

import io.labelgate.MutableClock;
import io.labelgate.token.CachingTokenVerifier;
import io.labelgate.token.JwtSettings;
import io.labelgate.token.JwtTokenVerifier;
import io.labelgate.token.TokenIssuer;
import io.labelgate.token.TokenRejectedException;
import io.labelgate.token.TokenVerifier;
import io.labelgate.token.VerificationKeys;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Retiring a signing key is revocation: its tokens stop working within the revocation bound on
 * every node and at once on the node that retired it, even when their verification is cached.
 */
class KeyRetirementTest {

    private static final Duration BOUND = Duration.ofSeconds(2);
    private static final Duration TICK = Duration.ofMillis(50);
    private static final String ENCRYPTION = KeyEncryption.generateBase64();

    private final AtomicBoolean down = new AtomicBoolean();
    private final JdbcRegistry registry = JdbcRegistry.migrate(TestDataSources.switchable(TestDataSources.h2(), down));

    /** One node: its key ring and its request path's verifier (cached signatures, then the registry). */
    private final class Node {
        final MutableClock clock = new MutableClock(Instant.now());
        final KeyRing keys = KeyRing.open(registry, KeyEncryption.fromBase64(ENCRYPTION), "RS256", clock,
                Duration.ofSeconds(30), BOUND);
        final RevocationCheckingVerifier verifier = new RevocationCheckingVerifier(
                new CachingTokenVerifier(new JwtTokenVerifier(JwtSettings.defaults(),
                        VerificationKeys.builder().resolver(keys).build()), 100, Duration.ofMinutes(5), clock, keys),
                registry, BOUND, 100, clock);
        final TokenService tokens = new TokenService(registry,
                () -> new TokenIssuer(keys.signingKey(), JwtSettings.defaults()), Clock.systemUTC(),
                verifier::invalidate);

        /** Verifies on every tick until refused; how far this node's clock moved until then. */
        Duration refusedAfter(String token, String reason) {
            Duration moved = Duration.ZERO;
            while (moved.compareTo(BOUND) <= 0) {
                try {
                    verifier.verify(token);
                } catch (TokenRejectedException e) {
                    assertEquals(reason, e.getMessage());
                    return moved;
                }
                clock.advance(TICK);
                moved = moved.plus(TICK);
            }
            throw new AssertionError("the token still verified " + BOUND + " after its key was retired");
        }
    }

    private String createdOn(Node node) {
        return node.tokens.create(new NewToken("n", "group=A", null, "read", "GRA", null)).tokenString();
    }

    @Test
    void tokenOfARetiredKeyIsRefusedAtOnceOnTheNodeThatRetiredIt() throws TokenRejectedException {
        Node node = new Node();
        String token = createdOn(node);
        String oldKid = node.keys.signingKey().keyId();
        node.verifier.verify(token);
        node.clock.advance(TICK);  // the newest key signs: a later creation time than the first one's
        node.keys.rotate();
        node.verifier.verify(token);

        node.keys.retire(oldKid);

        assertEquals("token signed by an unknown key",
                assertThrows(TokenRejectedException.class, () -> node.verifier.verify(token)).getMessage());
    }

    @Test
    void tokenOfAKeyRetiredOnAnotherNodeIsRefusedWithinTheBoundThoughItsVerificationWasCached()
            throws TokenRejectedException {
        Node a = new Node();
        Node b = new Node();
        String token = createdOn(a);
        String oldKid = a.keys.signingKey().keyId();
        b.verifier.verify(token);
        a.clock.advance(TICK);  // the newest key signs: a later creation time than the first one's
        a.keys.rotate();
        assertEquals(false, a.keys.signingKey().keyId().equals(oldKid));
        String fresh = createdOn(a);

        a.keys.retire(oldKid);

        Duration took = b.refusedAfter(token, "token signed by an unknown key");
        assertTrue(took.compareTo(BOUND) <= 0, took::toString);
        assertEquals(2, registry.signingKeys().size());
        b.verifier.verify(fresh);
    }

    @Test
    void aNodeThatCannotReadTheKeysPastTheBoundFailsClosed() throws TokenRejectedException {
        Node node = new Node();
        String token = createdOn(node);
        node.verifier.verify(token);

        down.set(true);
        node.clock.advance(BOUND);

        assertThrows(RegistryUnavailableException.class, () -> node.verifier.verify(token));
    }
}
