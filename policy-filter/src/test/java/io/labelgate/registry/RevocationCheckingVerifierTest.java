package io.labelgate.registry;

import io.labelgate.selector.Selector;
import io.labelgate.token.JwtSettings;
import io.labelgate.token.JwtTokenVerifier;
import io.labelgate.token.Role;
import io.labelgate.token.TokenClaims;
import io.labelgate.token.TokenIssuer;
import io.labelgate.token.TokenRejectedException;
import io.labelgate.token.VerificationKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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

    /**
     * Only a holder of a trusted signing key can mint these: an operator, all-apps, other-region
     * or wider-scope token under the id and generation of a registered read token.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "operator | GRA | group=A | false",
        "read     | BHS | group=A | false",
        "read     | GRA | group   | false",
        "read     | GRA |         | true"})
    void tokenWhoseScopeDiffersFromItsRegistrationIsRefused(String role, String region, String selector,
                                                            boolean allApps) throws TokenRejectedException {
        IssuedToken registered = create();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        TokenClaims forged = new TokenClaims(registered.token().id(), registered.token().generation(),
                Role.fromWireName(role).orElseThrow(), region, Selector.parse(selector == null ? "" : selector), allApps,
                now, now.plusSeconds(3600));
        String token = new TokenIssuer(keys.signingKey(), JwtSettings.defaults()).issue(forged);

        assertEquals("token does not match its registration",
                assertThrows(TokenRejectedException.class, () -> verifier.verify(token)).getMessage());
        assertEquals(1, verifier.verify(registered.tokenString()).generation(), "the registered string still works");
    }

    @Test
    void registryOutageFailsClosedOnceTheCachedStateIsOlderThanTheBound() throws Exception {
        IssuedToken issued = create();
        verifier.verify(issued.tokenString());

        down.set(true);

        awaitFailure(issued.tokenString(), RegistryUnavailableException.class);
        down.set(false);

        // the registry is asked again once its breaker's retry interval has passed
        Instant deadline = Instant.now().plus(JdbcRegistry.RETRY_INTERVAL).plus(PATIENCE);
        while (true) {
            try {
                assertEquals(issued.token().id(), verifier.verify(issued.tokenString()).id());
                return;
            } catch (RegistryUnavailableException stillRefused) {
                if (Instant.now().isAfter(deadline)) {
                    throw stillRefused;
                }
                Thread.sleep(20);
            }
        }
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
