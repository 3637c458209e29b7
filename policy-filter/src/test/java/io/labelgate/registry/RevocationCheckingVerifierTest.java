package io.labelgate.registry;

import io.labelgate.MutableClock;
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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RevocationCheckingVerifierTest {

    private static final Duration BOUND = Duration.ofMillis(300);
    private static final Duration PATIENCE = Duration.ofSeconds(10);
    private static final Duration TICK = Duration.ofMillis(10);

    /** This node's clock, moved by hand: the bound is asserted on it, not on the machine's speed. */
    private final MutableClock clock = new MutableClock(Instant.now());

    private final AtomicBoolean down = new AtomicBoolean();
    private final AtomicInteger connections = new AtomicInteger();
    private final JdbcRegistry registry =
            JdbcRegistry.migrate(TestDataSources.switchable(TestDataSources.h2(), down, connections));
    private final KeyRing keys = KeyRing.open(
            registry, KeyEncryption.fromBase64(KeyEncryption.generateBase64()), "RS256", Clock.systemUTC());
    /** Changes made on another node: this node learns of them from the change feed only. */
    private final TokenService otherNode = new TokenService(
            registry, () -> new TokenIssuer(keys.signingKey(), JwtSettings.defaults()), Clock.systemUTC());

    private final ChangeRoutes routes = new ChangeRoutes();
    /** This node's follower of the feed, read by hand ({@link ChangeFollower#poll()}) instead of by its thread. */
    private final ChangeFollower follower = new ChangeFollower(registry, BOUND, clock, routes);

    private final RevocationCheckingVerifier verifier = new RevocationCheckingVerifier(
            new JwtTokenVerifier(
                    JwtSettings.defaults(),
                    VerificationKeys.builder().resolver(keys).build()),
            registry,
            follower,
            100,
            clock);
    /** Changes made on this node, which drops its cached state at once. */
    private final TokenService thisNode = new TokenService(
            registry,
            () -> new TokenIssuer(keys.signingKey(), JwtSettings.defaults()),
            Clock.systemUTC(),
            verifier::invalidate);

    {
        routes.on(Change.Kind.TOKEN, verifier::invalidate).onReloadAll(verifier::invalidateAll);
    }

    private IssuedToken create() {
        return otherNode.create(new NewToken("n", "group=A", null, "read", "GRA", null));
    }

    @Test
    void tokenRegeneratedOnAnotherNodeIsRefusedFromThisNodesNextReadOfTheFeed() throws Exception {
        IssuedToken first = create();
        assertEquals(1, verifier.verify(first.tokenString()).generation());

        IssuedToken second = otherNode.regenerate(first.token().id()).orElseThrow();
        assertEquals(1, verifier.verify(first.tokenString()).generation(), "until the feed is read, the kept state");
        follower.poll();

        assertEquals(
                "token revoked",
                assertThrows(TokenRejectedException.class, () -> verifier.verify(first.tokenString()))
                        .getMessage());
        assertEquals(2, verifier.verify(second.tokenString()).generation());
    }

    @Test
    void tokenDeletedOnAnotherNodeIsRefusedFromThisNodesNextReadOfTheFeed() throws TokenRejectedException {
        IssuedToken issued = create();
        verifier.verify(issued.tokenString());

        otherNode.delete(issued.token().id());
        follower.poll();

        assertEquals(
                "token revoked",
                assertThrows(TokenRejectedException.class, () -> verifier.verify(issued.tokenString()))
                        .getMessage());
    }

    @Test
    void tokenRegeneratedOrDeletedOnThisNodeIsRefusedAtOnce() throws TokenRejectedException {
        IssuedToken regenerated = create();
        IssuedToken deleted = create();
        verifier.verify(regenerated.tokenString());
        verifier.verify(deleted.tokenString());

        thisNode.regenerate(regenerated.token().id());
        thisNode.delete(deleted.token().id());

        assertEquals(
                "token revoked",
                assertThrows(TokenRejectedException.class, () -> verifier.verify(regenerated.tokenString()))
                        .getMessage());
        assertEquals(
                "token revoked",
                assertThrows(TokenRejectedException.class, () -> verifier.verify(deleted.tokenString()))
                        .getMessage());
    }

    /** The bound: however the feed fails, no request is decided on a view as old as the bound. */
    @Test
    void aNodeThatCannotReadTheFeedFailsClosedOnceItsLastReadIsAsOldAsTheBound() throws Exception {
        IssuedToken issued = create();
        follower.poll();
        verifier.verify(issued.tokenString());
        down.set(true);

        clock.advance(BOUND.minus(TICK));
        assertThrows(RegistryUnavailableException.class, follower::poll);
        assertEquals(
                issued.token().id(),
                verifier.verify(issued.tokenString()).id(),
                "the kept state answers while the last read is younger than the bound");
        clock.advance(TICK);
        assertThrows(RegistryUnavailableException.class, () -> verifier.verify(issued.tokenString()));

        down.set(false);
        // the registry is asked again once its breaker's retry interval has passed
        Instant deadline = Instant.now().plus(JdbcRegistry.RETRY_INTERVAL).plus(PATIENCE);
        while (true) {
            try {
                follower.poll();
                break;
            } catch (RegistryUnavailableException stillDown) {
                if (Instant.now().isAfter(deadline)) {
                    throw stillDown;
                }
                Thread.sleep(20);
            }
        }
        assertEquals(issued.token().id(), verifier.verify(issued.tokenString()).id());
    }

    @Test
    void inSteadyStateNoRequestReadsTheRegistry() throws TokenRejectedException {
        List<IssuedToken> issued = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            issued.add(create());
        }
        for (IssuedToken token : issued) {
            verifier.verify(token.tokenString());
        }
        int before = connections.get();

        for (int round = 0; round < 50; round++) {
            for (IssuedToken token : issued) {
                verifier.verify(token.tokenString());
            }
        }

        assertEquals(before, connections.get(), "1,000 verifications of known tokens opened no connection");
        follower.poll();
        assertEquals(before + 1, connections.get(), "a read of the feed is one connection");
    }

    @Test
    void tokenUnknownToTheRegistryIsRefused() {
        IssuedToken issued = create();
        registry.delete(issued.token().id(), Actor.APPLICATION);

        assertEquals(
                "token revoked",
                assertThrows(TokenRejectedException.class, () -> verifier.verify(issued.tokenString()))
                        .getMessage());
    }

    /**
     * Only a holder of a trusted signing key can mint these: an operator, all-apps, other-region
     * or wider-scope token under the id and generation of a registered read token.
     */
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "operator | GRA | group=A | false",
                "read     | BHS | group=A | false",
                "read     | GRA | group   | false",
                "read     | GRA |         | true"
            })
    void tokenWhoseScopeDiffersFromItsRegistrationIsRefused(
            String role, String region, String selector, boolean allApps) throws TokenRejectedException {
        IssuedToken registered = create();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        TokenClaims forged = new TokenClaims(
                registered.token().id(),
                registered.token().generation(),
                Role.fromWireName(role).orElseThrow(),
                region,
                Selector.parse(selector == null ? "" : selector),
                allApps,
                now,
                now.plusSeconds(3600));
        String token = new TokenIssuer(keys.signingKey(), JwtSettings.defaults()).issue(forged);

        List<LogRecord> logged = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord entry) {
                logged.add(entry);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger log = Logger.getLogger(RevocationCheckingVerifier.class.getName());
        log.addHandler(capture);
        try {
            assertEquals(
                    "token does not match its registration",
                    assertThrows(TokenRejectedException.class, () -> verifier.verify(token))
                            .getMessage());
        } finally {
            log.removeHandler(capture);
        }
        assertEquals(
                List.of(Level.WARNING), logged.stream().map(LogRecord::getLevel).toList());
        String line = logged.get(0).getMessage();
        assertEquals(
                "labelgate: refused a token with id " + registered.token().id() + " whose role, region or scope "
                        + "differs from the registry's record of that token; a trusted signing key may be compromised",
                line);
        assertFalse(line.contains(token) || line.contains(registered.tokenString()), "no token string in the line");
        assertEquals(1, verifier.verify(registered.tokenString()).generation(), "the registered string still works");
    }

    @Test
    void recordsTheFirstUseCoarsely() throws Exception {
        IssuedToken issued = create();

        verifier.verify(issued.tokenString());
        verifier.verify(issued.tokenString());

        Instant lastUsed = registry.find(issued.token().id()).orElseThrow().lastUsedAt();
        assertEquals(true, lastUsed != null && !lastUsed.isAfter(Instant.now()));
        assertEquals(
                Selector.parse("group=A"),
                registry.find(issued.token().id()).orElseThrow().selector());
    }

    @Test
    void lastUseRecordedInTheTokensFirstMinuteIsNeverBeforeItsCreation() throws TokenRejectedException {
        IssuedToken issued = create();

        verifier.verify(issued.tokenString());

        TokenRecord stored = registry.find(issued.token().id()).orElseThrow();
        assertFalse(
                stored.lastUsedAt().isBefore(stored.createdAt()),
                () -> "last used " + stored.lastUsedAt() + " is before created " + stored.createdAt());
        // this node's clock was read when the test began, before the creation: the use rounds up to it
        assertEquals(stored.createdAt(), stored.lastUsedAt());
    }
}
