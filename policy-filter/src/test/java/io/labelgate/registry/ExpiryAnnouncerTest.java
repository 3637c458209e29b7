package io.labelgate.registry;

import io.labelgate.selector.Selector;
import io.labelgate.token.Role;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExpiryAnnouncerTest {

    private static final Instant NOW = Instant.parse("2026-12-01T09:00:00Z");
    private static final ExpiryWarning WARNING = new ExpiryWarning(Duration.ofDays(14));

    private final AtomicReference<List<TokenRecord>> tokens = new AtomicReference<>(List.of());
    private final List<TokensExpiringSoon> fired = new ArrayList<>();
    private final ExpiryAnnouncer announcer = new ExpiryAnnouncer(tokens::get, WARNING, fired::add);

    private static TokenRecord token(String id, Instant expiresAt) {
        return new TokenRecord(
                id,
                id,
                Selector.parse("group=A"),
                false,
                Role.READ,
                "GRA",
                1,
                NOW.minus(Duration.ofDays(30)),
                expiresAt,
                null);
    }

    private static List<String> ids(TokensExpiringSoon event) {
        return event.tokens().stream().map(TokenRecord::id).toList();
    }

    @Test
    void aTokenExpiringSoonIsOneThatExpiresAfterNowAndWithinTheWindow() {
        assertTrue(WARNING.expiringSoon(token("t", NOW.plus(Duration.ofDays(14))), NOW));
        assertTrue(WARNING.expiringSoon(token("t", NOW.plusSeconds(1)), NOW));
        assertFalse(
                WARNING.expiringSoon(token("t", NOW.plus(Duration.ofDays(14)).plusSeconds(1)), NOW));
        assertFalse(WARNING.expiringSoon(token("t", NOW), NOW));
        assertFalse(WARNING.expiringSoon(token("t", null), NOW));
        assertTrue(WARNING.expired(token("t", NOW), NOW));
        assertFalse(WARNING.expired(token("t", null), NOW));
    }

    @Test
    void announcesTheTokensThatEnteredTheWindowSoonestFirstAndOnlyOnce() {
        tokens.set(List.of(
                token("later", NOW.plus(Duration.ofDays(20))),
                token("ten-days", NOW.plus(Duration.ofDays(10))),
                token("two-days", NOW.plus(Duration.ofDays(2))),
                token("never", null),
                token("expired", NOW.minusSeconds(1))));

        announcer.check(NOW);
        announcer.check(NOW.plus(Duration.ofMinutes(5)));

        assertEquals(1, fired.size());
        assertEquals(List.of("two-days", "ten-days"), ids(fired.get(0)));
        assertEquals(Duration.ofDays(14), fired.get(0).window());

        announcer.check(NOW.plus(Duration.ofDays(6)).plusSeconds(1));

        assertEquals(2, fired.size());
        assertEquals(List.of("later"), ids(fired.get(1)));
    }

    @Test
    void forgetsATokenThatLeftTheWindowAndAnnouncesItAgainIfItComesBack() {
        TokenRecord soon = token("t1", NOW.plus(Duration.ofDays(2)));
        tokens.set(List.of(soon));
        announcer.check(NOW);

        tokens.set(List.of());
        announcer.check(NOW.plus(Duration.ofMinutes(5)));
        tokens.set(List.of(soon));
        announcer.check(NOW.plus(Duration.ofMinutes(10)));

        assertEquals(2, fired.size());
        assertEquals(List.of("t1"), ids(fired.get(1)));
    }

    @Test
    void aRegistryThatCannotBeReadAnnouncesNothingAndTheNextCheckCatchesUp() {
        List<TokenRecord> soon = List.of(token("t1", NOW.plus(Duration.ofDays(2))));
        boolean[] down = {true};
        ExpiryAnnouncer flaky = new ExpiryAnnouncer(
                () -> {
                    if (down[0]) {
                        throw new RegistryUnavailableException("connection refused");
                    }
                    return soon;
                },
                WARNING,
                fired::add);

        flaky.check(NOW);
        down[0] = false;
        flaky.check(NOW.plus(Duration.ofMinutes(5)));

        assertEquals(1, fired.size());
        assertEquals(List.of("t1"), ids(fired.get(0)));
    }

    @Test
    void theEventNeverCarriesNoTokens() {
        IllegalArgumentException refused = assertThrows(
                IllegalArgumentException.class, () -> new TokensExpiringSoon(List.of(), Duration.ofDays(14)));

        assertEquals("tokens must not be empty", refused.getMessage());
    }
}
