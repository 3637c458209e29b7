package io.labelgate.registry;

import io.labelgate.selector.Selector;
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

class RevocationCheckingVerifierTest {

    private static final Duration BOUND = Duration.ofMillis(300);
    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private final AtomicBoolean down = new AtomicBoolean();
    private final JdbcRegistry registry = JdbcRegistry.migrate(TestDataSources.switchable(TestDataSources.h2(), down));
    private final KeyRing keys = KeyRing.open(registry, KeyEncryption.fromBase64(KeyEncryption.generateBase64()),
            "RS256", Clock.systemUTC(), Duration.ofSeconds(30));
    private final TokenService tokens = new TokenService(registry,
            () -> new TokenIssuer(keys.signingKey(), JwtSettings.defaults()), Clock.systemUTC());
    private final RevocationCheckingVerifier verifier = new RevocationCheckingVerifier(
            new JwtTokenVerifier(JwtSettings.defaults(), VerificationKeys.builder().resolver(keys).build()),
            registry, BOUND, 100, Clock.systemUTC());

    private IssuedToken create() {
        return tokens.create(new NewToken("n", "group=A", null, "read", "GRA", null));
    }

    /** Polls (bounded) until verifying the token fails with this exception type, and returns it. */
    private <T extends Exception> T awaitFailure(String token, Class<T> type) throws InterruptedException {
        Instant deadline = Instant.now().plus(PATIENCE);
        while (Instant.now().isBefore(deadline)) {
            try {
                verifier.verify(token);
            } catch (Exception e) {
                if (type.isInstance(e)) {
                    return type.cast(e);
                }
                throw new AssertionError("unexpected " + e, e);
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the token kept verifying for " + PATIENCE);
    }

    @Test
    void regeneratedTokenIsRevokedWithinTheBoundAndTheNewStringWorks() throws Exception {
        IssuedToken first = create();
        assertEquals(1, verifier.verify(first.tokenString()).generation());

        IssuedToken second = tokens.regenerate(first.token().id()).orElseThrow();

        assertEquals("token revoked", awaitFailure(first.tokenString(), TokenRejectedException.class).getMessage());
        assertEquals(2, verifier.verify(second.tokenString()).generation());
    }

    @Test
    void deletedTokenIsRevokedWithinTheBound() throws Exception {
        IssuedToken issued = create();
        verifier.verify(issued.tokenString());

        tokens.delete(issued.token().id());

        assertEquals("token revoked", awaitFailure(issued.tokenString(), TokenRejectedException.class).getMessage());
    }

    @Test
    void tokenUnknownToTheRegistryIsRefused() {
        IssuedToken issued = create();
        registry.delete(issued.token().id());

        assertEquals("token revoked",
                assertThrows(TokenRejectedException.class, () -> verifier.verify(issued.tokenString())).getMessage());
    }

    @Test
    void registryOutageFailsClosedOnceTheCachedStateIsOlderThanTheBound() throws Exception {
        IssuedToken issued = create();
        verifier.verify(issued.tokenString());

        down.set(true);

        awaitFailure(issued.tokenString(), RegistryUnavailableException.class);
        down.set(false);
        assertEquals(issued.token().id(), verifier.verify(issued.tokenString()).id());
    }

    @Test
    void recordsTheFirstUseCoarsely() throws Exception {
        IssuedToken issued = create();

        verifier.verify(issued.tokenString());
        verifier.verify(issued.tokenString());

        Instant lastUsed = registry.find(issued.token().id()).orElseThrow().lastUsedAt();
        assertEquals(true, lastUsed != null && !lastUsed.isAfter(Instant.now()));
        assertEquals(Selector.parse("group=A"), registry.find(issued.token().id()).orElseThrow().selector());
    }
}
