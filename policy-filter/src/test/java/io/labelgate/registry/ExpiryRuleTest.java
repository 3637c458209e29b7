package io.labelgate.registry;

import io.labelgate.token.JwtSettings;
import io.labelgate.token.TokenIssuer;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * {@code labelgate.tokens.max-lifetime} and {@code labelgate.jwt.require-expiry} as token creation
 * applies them: a token asked for without expiry, or beyond the maximum, is refused naming
 * {@code expiresAt}, and nothing is written.
 */
class ExpiryRuleTest {

    private static final Instant NOW = Instant.parse("2030-01-31T09:05:42Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final ExpiryRule NINETY_DAYS = new ExpiryRule(false, Optional.of(Duration.ofDays(90)));

    private static TokenService service(ExpiryRule rule) {
        JdbcRegistry registry = JdbcRegistry.migrate(TestDataSources.h2());
        KeyRing keys = KeyRing.open(registry, KeyEncryption.fromBase64(KeyEncryption.generateBase64()), "RS256", CLOCK);
        return new TokenService(
                registry, () -> new TokenIssuer(keys.signingKey(), JwtSettings.defaults()), CLOCK, id -> {}, rule);
    }

    private static NewToken expiring(Instant expiresAt) {
        return new NewToken("ci-reader", "group=A", false, "read", "GRA", expiresAt);
    }

    private static void assertRefused(TokenService tokens, Instant expiresAt, String reason) {
        TokenValidationException refused =
                assertThrows(TokenValidationException.class, () -> tokens.create(expiring(expiresAt)));

        assertEquals("expiresAt", refused.field());
        assertEquals(reason, refused.reason());
        assertEquals(List.of(), tokens.list(), "nothing written");
    }

    @Test
    void aTokenWithoutExpiryIsRefusedWhereTokensHaveAMaximumLifetimeSayingTheLatestExpiry() {
        assertRefused(
                service(NINETY_DAYS),
                null,
                "required: tokens here live at most P90D (labelgate.tokens.max-lifetime), so no later than "
                        + "2030-05-01T09:05:42Z");
    }

    @Test
    void aTokenExpiringOneSecondBeyondTheMaximumIsRefusedAndOneAtItIsCreated() {
        TokenService tokens = service(NINETY_DAYS);
        Instant latest = NOW.plus(Duration.ofDays(90));

        assertRefused(
                tokens,
                latest.plusSeconds(1),
                "must be no later than 2030-05-01T09:05:42Z (labelgate.tokens.max-lifetime P90D)");
        assertEquals(latest, tokens.create(expiring(latest)).token().expiresAt());
    }

    @Test
    void aTokenWithoutExpiryIsRefusedWhereTheVerifierWouldRefuseIt() {
        assertRefused(
                service(new ExpiryRule(true, Optional.empty())),
                null,
                "required: tokens without expiry are refused here (labelgate.jwt.require-expiry)");
    }

    @Test
    void withoutARuleATokenMayLiveForEverButNotExpireInThePast() {
        TokenService tokens = service(ExpiryRule.NONE);

        assertRefused(tokens, NOW, "must be in the future");
        assertEquals(null, tokens.create(expiring(null)).token().expiresAt());
    }

    @Test
    void theLatestExpiryIsTheMaximumFromNowAndNeverBeyondTheLastSecondOf9999() {
        assertEquals(NOW.plus(Duration.ofDays(90)), NINETY_DAYS.latest(NOW));
        assertEquals(TokenService.LATEST_EXPIRY, ExpiryRule.NONE.latest(NOW));
        assertEquals(
                TokenService.LATEST_EXPIRY, NINETY_DAYS.latest(TokenService.LATEST_EXPIRY.minus(Duration.ofDays(1))));
    }

    @Test
    void aMaximumLifetimeThatIsNotPositiveIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ExpiryRule(false, Optional.of(Duration.ZERO)));
    }
}
