package io.labelgate.decision;

import io.labelgate.selector.Selector;
import io.labelgate.token.Role;
import io.labelgate.token.TokenClaims;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DecisionCacheTest {

    private static final Decision ALLOW = new Decision(true, List.of());

    private static TokenClaims claims(long generation, Role role) {
        return new TokenClaims("tok-1", generation, role, "GRA", Selector.parse("group=A"), false,
                Instant.parse("2026-01-01T00:00:00Z"), null);
    }

    private static DecisionInput input(TokenClaims claims, Map<String, String> labels, Action action) {
        return DecisionInput.of(claims, new io.labelgate.app.AppIdentity(java.util.UUID.fromString(
                "6f1c2a3e-0000-4000-8000-000000000001"), "GRA", labels), DecisionInput.RequestInput.of("GET", "/", action));
    }

    @Test
    void reusesADecisionOnlyForTheSameTokenGenerationAppLabelsAndAction() {
        DecisionCache cache = new DecisionCache(100, Duration.ofSeconds(2));
        TokenClaims first = claims(1, Role.READ);
        cache.put(first, input(first, Map.of("group", "A"), Action.READ), ALLOW);

        assertEquals(Optional.of(ALLOW), cache.get(first, input(first, Map.of("group", "A"), Action.READ)));
        TokenClaims regenerated = claims(2, Role.READ);
        assertEquals(Optional.empty(), cache.get(regenerated, input(regenerated, Map.of("group", "A"), Action.READ)));
        assertEquals(Optional.empty(), cache.get(first, input(first, Map.of("group", "B"), Action.READ)));
        assertEquals(Optional.empty(), cache.get(first, input(first, Map.of("group", "A"), Action.MANAGE)));
        TokenClaims operator = claims(1, Role.OPERATOR);
        assertEquals(Optional.empty(), cache.get(operator, input(operator, Map.of("group", "A"), Action.READ)));
    }
}
