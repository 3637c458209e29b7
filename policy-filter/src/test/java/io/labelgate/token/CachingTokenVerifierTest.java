package io.labelgate.token;

import io.labelgate.MutableClock;
import io.labelgate.selector.Selector;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CachingTokenVerifierTest {

    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");

    /** Answers from a table of token strings, counting its calls; refuses strings it does not know. */
    private static final class CountingVerifier implements TokenVerifier {
        private final Map<String, TokenClaims> known = new HashMap<>();
        private int calls;

        CountingVerifier knows(String token, TokenClaims claims) {
            known.put(token, claims);
            return this;
        }

        @Override
        public TokenClaims verify(String token) throws TokenRejectedException {
            calls++;
            TokenClaims claims = known.get(token);
            if (claims == null) {
                throw new TokenRejectedException("token signature invalid");
            }
            return claims;
        }
    }

    private static TokenClaims claims(String id, Instant expiresAt) {
        return new TokenClaims(
                id, 1, Role.READ, "GRA", Selector.parse("group=A"), false, T0.minusSeconds(60), expiresAt);
    }

    private final MutableClock clock = new MutableClock(T0);

    private CachingTokenVerifier caching(TokenVerifier delegate) {
        return new CachingTokenVerifier(delegate, 100, Duration.ofMinutes(5), clock);
    }

    @Test
    void servesASecondVerificationOfTheSameStringWithoutTheDelegate() throws TokenRejectedException {
        TokenClaims claims = claims("tok-1", T0.plusSeconds(3600));
        CountingVerifier delegate = new CountingVerifier().knows("token-one", claims);
        CachingTokenVerifier verifier = caching(delegate);

        assertEquals(claims, verifier.verify("token-one"));
        assertEquals(claims, verifier.verify("token-one"));
        assertEquals(1, delegate.calls);
        assertEquals(1, verifier.size());
    }

    /** Retirements the test announces by hand. */
    private static final class Retirements implements KeyRetirements {
        private long epoch;

        @Override
        public long epoch() {
            return epoch;
        }

        @Override
        public boolean retired(String kid) {
            return false;
        }
    }

    @Test
    void verifiesAgainOnceASigningKeyWasRetired() throws TokenRejectedException {
        TokenClaims claims = claims("tok-1", T0.plusSeconds(3600));
        CountingVerifier delegate = new CountingVerifier().knows("token-one", claims);
        Retirements retirements = new Retirements();
        CachingTokenVerifier verifier =
                new CachingTokenVerifier(delegate, 100, Duration.ofMinutes(5), clock, retirements);
        verifier.verify("token-one");
        verifier.verify("token-one");
        assertEquals(1, delegate.calls);

        retirements.epoch++;
        delegate.known.clear();

        assertEquals(
                "token signature invalid",
                assertThrows(TokenRejectedException.class, () -> verifier.verify("token-one"))
                        .getMessage());
        assertEquals(2, delegate.calls);
    }

    @Test
    void doesNotCacheARefusal() {
        CountingVerifier delegate = new CountingVerifier();
        CachingTokenVerifier verifier = caching(delegate);

        for (int attempt = 0; attempt < 2; attempt++) {
            TokenRejectedException rejected = assertThrows(TokenRejectedException.class, () -> verifier.verify("bad"));
            assertEquals("token signature invalid", rejected.getMessage());
        }
        assertEquals(2, delegate.calls);
        assertEquals(0, verifier.size());
    }

    @Test
    void doesNotServeAnEntryPastItsTokensExpiry() throws TokenRejectedException {
        CountingVerifier delegate = new CountingVerifier().knows("token-one", claims("tok-1", T0.plusSeconds(60)));
        CachingTokenVerifier verifier = caching(delegate);
        verifier.verify("token-one");
        delegate.known.clear(); // what the real verifier does once the token has expired

        clock.advance(Duration.ofSeconds(60));

        TokenRejectedException rejected =
                assertThrows(TokenRejectedException.class, () -> verifier.verify("token-one"));
        assertEquals("token signature invalid", rejected.getMessage());
        assertEquals(2, delegate.calls);
    }

    @Test
    void servesAnEntryWithoutExpiryAfterTimePasses() throws TokenRejectedException {
        TokenClaims claims = claims("tok-1", null);
        CountingVerifier delegate = new CountingVerifier().knows("token-one", claims);
        CachingTokenVerifier verifier = caching(delegate);
        verifier.verify("token-one");

        clock.advance(Duration.ofDays(365));

        assertEquals(claims, verifier.verify("token-one"));
        assertEquals(1, delegate.calls);
    }

    @Test
    void cachesATokenWhoseExpiryLiesCenturiesAhead() throws TokenRejectedException {
        // found by TokenVerifierFuzzTest and the attack suite: the entry's lifetime overflowed a
        // count of nanoseconds (the year 9999 is a common "never")
        for (Instant expiry : List.of(T0.plus(Duration.ofDays(1000 * 365)), Instant.parse("9999-12-31T23:59:59Z"))) {
            TokenClaims claims = claims("tok-1", expiry);
            CountingVerifier delegate = new CountingVerifier().knows("token-one", claims);
            CachingTokenVerifier verifier = caching(delegate);

            assertEquals(claims, verifier.verify("token-one"));
            assertEquals(claims, verifier.verify("token-one"));
            assertEquals(1, delegate.calls, expiry::toString);
        }
    }

    @Test
    void cachesDifferentStringsSeparately() throws TokenRejectedException {
        TokenClaims one = claims("tok-1", null);
        TokenClaims two = claims("tok-2", null);
        CountingVerifier delegate =
                new CountingVerifier().knows("token-one", one).knows("token-two", two);
        CachingTokenVerifier verifier = caching(delegate);

        assertEquals(one, verifier.verify("token-one"));
        assertEquals(two, verifier.verify("token-two"));
        assertEquals(one, verifier.verify("token-one"));
        assertEquals(two, verifier.verify("token-two"));
        assertEquals(2, delegate.calls);
        assertEquals(2, verifier.size());
    }

    @Test
    void neverAnswersOneStringWithTheClaimsOfAnotherThatDiffersOnlyOutsideAscii() throws TokenRejectedException {
        TokenClaims verified = claims("tok-1", null);
        CountingVerifier delegate = new CountingVerifier().knows("token-\u00e9", verified);
        CachingTokenVerifier verifier = caching(delegate);
        verifier.verify("token-\u00e9");

        TokenRejectedException rejected =
                assertThrows(TokenRejectedException.class, () -> verifier.verify("token-\u00fc"));
        assertEquals("token signature invalid", rejected.getMessage());
        assertEquals(2, delegate.calls);
    }

    @Test
    void refusesATokenLongerThan8192CharactersWithoutTheDelegate() {
        CountingVerifier delegate = new CountingVerifier();

        TokenRejectedException rejected = assertThrows(
                TokenRejectedException.class, () -> caching(delegate).verify("a".repeat(8193)));
        assertEquals("token too long", rejected.getMessage());
        assertEquals(0, delegate.calls);
    }
}
