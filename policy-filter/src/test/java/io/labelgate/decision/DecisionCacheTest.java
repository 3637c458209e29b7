package io.labelgate.decision;

import io.labelgate.app.AppIdentity;
import io.labelgate.decision.DecisionInput.AppInput;
import io.labelgate.decision.DecisionInput.RequestInput;
import io.labelgate.selector.Selector;
import io.labelgate.token.Role;
import io.labelgate.token.TokenClaims;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class DecisionCacheTest {

    private static final Decision ALLOW = new Decision(true, List.of());
    private static final Instant ISSUED_AT = Instant.parse("2026-01-01T00:00:00Z");

    /** Everything a decision may depend on, for one request; each row of the tables changes one field. */
    private static final class Ask {
        String tokenId = "tok-1";
        long generation = 1;
        Role role = Role.READ;
        String region = "GRA";
        String selector = "group=A";
        boolean allApps = false;
        UUID appId = UUID.fromString("6f1c2a3e-0000-4000-8000-000000000001");
        String appRegion = "GRA";
        Map<String, String> labels = Map.of("group", "A");
        String method = "GET";
        String path = "/hello";
        Action action = Action.READ;

        static Ask of(Consumer<Ask> change) {
            Ask ask = new Ask();
            change.accept(ask);
            return ask;
        }

        TokenClaims claims() {
            return new TokenClaims(
                    tokenId, generation, role, region, Selector.parse(selector), allApps, ISSUED_AT, null);
        }

        /** The input as the pipeline builds it; the app's part is built anew on every call. */
        DecisionInput input() {
            return DecisionInput.of(
                    claims(),
                    new AppIdentity(appId, appRegion, labels).asInput(),
                    RequestInput.of(method, path, action));
        }
    }

    /** A field of the key: the ask it starts from, and the change of that field alone. */
    private record Field(String name, Consumer<Ask> before, Consumer<Ask> change) {
        static Field of(String name, Consumer<Ask> change) {
            return new Field(name, ask -> {}, change);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private static final List<Field> TOKEN_AND_APP_FIELDS = List.of(
            Field.of("token id", ask -> ask.tokenId = "tok-2"),
            Field.of("token generation", ask -> ask.generation = 2),
            Field.of("token role", ask -> ask.role = Role.OPERATOR),
            Field.of("token region", ask -> ask.region = "BHS"),
            Field.of("token selector", ask -> ask.selector = "group=B"),
            // all apps goes with no selector: start from a token without one, so only the scope changes
            new Field("token all-apps scope", ask -> ask.selector = "", ask -> ask.allApps = true),
            Field.of("app id", ask -> ask.appId = UUID.fromString("6f1c2a3e-0000-4000-8000-000000000002")),
            Field.of("app region", ask -> ask.appRegion = "BHS"),
            Field.of("app labels", ask -> ask.labels = Map.of("group", "A", "tier", "gpu")),
            Field.of("request action", ask -> ask.action = Action.MANAGE));

    private static final List<Field> METHOD_AND_PATH = List.of(
            Field.of("request method", ask -> ask.method = "POST"),
            Field.of("request path", ask -> ask.path = "/reports"));

    static Stream<Arguments> keyedFields() {
        Stream<Arguments> everyScope = Arrays.stream(RequestScope.values())
                .flatMap(scope -> TOKEN_AND_APP_FIELDS.stream().map(field -> arguments(scope, field)));
        Stream<Arguments> wholeRequest =
                METHOD_AND_PATH.stream().map(field -> arguments(RequestScope.METHOD_PATH_AND_ACTION, field));
        return Stream.concat(everyScope, wholeRequest);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("keyedFields")
    void decisionIsNotReusedWhenAKeyedFieldDiffers(RequestScope scope, Field field) {
        DecisionCache cache = new DecisionCache(100, Duration.ofMinutes(1), scope);
        Ask asked = Ask.of(field.before());
        Ask other = Ask.of(field.before().andThen(field.change()));
        cache.put(asked.claims(), asked.input(), ALLOW);

        assertEquals(Optional.of(ALLOW), cache.get(asked.claims(), asked.input()), "the same ask is answered");
        assertEquals(Optional.empty(), cache.get(other.claims(), other.input()));
    }

    static Stream<Field> methodAndPath() {
        return METHOD_AND_PATH.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("methodAndPath")
    void decisionOfAPolicyThatReadsOnlyTheActionIsReusedForAnotherMethodOrPath(Field field) {
        DecisionCache cache = new DecisionCache(100, Duration.ofMinutes(1), RequestScope.ACTION);
        Ask asked = Ask.of(field.before());
        Ask other = Ask.of(field.before().andThen(field.change()));
        cache.put(asked.claims(), asked.input(), ALLOW);

        assertEquals(Optional.of(ALLOW), cache.get(other.claims(), other.input()));
    }

    @Test
    void cacheForAnEngineThatDoesNotSayWhatItReadsIsKeyedOnTheMethodAndPath() {
        DecisionEngine unknownPolicy = input -> ALLOW;

        assertEquals(
                RequestScope.METHOD_PATH_AND_ACTION, unknownPolicy.policyView().scope());
        assertEquals(RequestScope.METHOD_PATH_AND_ACTION, new DecisionCache(100, Duration.ofMinutes(1)).scope());
    }

    @ParameterizedTest
    @EnumSource(RequestScope.class)
    void appPartOfTheKeyIsBuiltOnceForAnAppInputUsedAgain(RequestScope scope) {
        DecisionCache cache = new DecisionCache(100, Duration.ofMinutes(1), scope);
        Ask ask = new Ask();
        AppInput app = new AppIdentity(ask.appId, ask.appRegion, ask.labels).asInput();
        DecisionInput first = DecisionInput.of(ask.claims(), app, RequestInput.of("GET", "/a", Action.READ));
        DecisionInput second = DecisionInput.of(ask.claims(), app, RequestInput.of("GET", "/b", Action.READ));

        assertSame(
                cache.key(ask.claims(), first).app(),
                cache.key(ask.claims(), second).app());
    }

    @Test
    void cacheOfSizeZeroRemembersNothing() {
        DecisionCache off = new DecisionCache(0, Duration.ofMinutes(1), RequestScope.ACTION);
        Ask ask = new Ask();
        off.put(ask.claims(), ask.input(), ALLOW);

        assertEquals(Optional.empty(), off.get(ask.claims(), ask.input()));
    }

    /**
     * A decision asked under one policy and answered after another replaced it may be the new
     * policy's, made on what the new one reads: it is not stored under the old key, whose shape
     * (the action alone) would answer requests the new policy never decided.
     */
    @Test
    void aDecisionIsNotStoredWhenThePolicyChangedSinceItsKeyWasRead() {
        AtomicLong revision = new AtomicLong(1);
        DecisionEngine engine = new DecisionEngine() {
            @Override
            public Decision decide(DecisionInput input) {
                return ALLOW;
            }

            @Override
            public PolicyView policyView() {
                return new PolicyView(revision.get(), RequestScope.ACTION, PolicyView.Caching.UNTIL_EVICTED);
            }
        };
        DecisionCache cache = DecisionCache.forEngine(engine, 100, Duration.ofSeconds(2));
        Ask ask = new Ask();
        DecisionCache.Key before =
                cache.key(ask.claims(), ask.input().app(), ask.input().request());
        revision.set(2);

        cache.put(before, ALLOW);

        assertEquals(Optional.empty(), cache.get(before));
        DecisionCache.Key after =
                cache.key(ask.claims(), ask.input().app(), ask.input().request());
        cache.put(after, ALLOW);
        assertEquals(Optional.of(ALLOW), cache.get(after));
        assertEquals(Optional.empty(), cache.get(before), "a key of the replaced policy is never answered");
    }

    /** With the change feed, a fixed policy's decisions need no time limit; a policy others may change keeps the bound. */
    @Test
    void anEngineWhosePolicyIsFixedIsCachedWithoutTimeLimitAndOneThatMayChangeForTheBound() {
        DecisionEngine fixed = new DecisionEngine() {
            @Override
            public Decision decide(DecisionInput input) {
                return ALLOW;
            }

            @Override
            public PolicyView policyView() {
                return new PolicyView(0, RequestScope.METHOD_PATH_AND_ACTION, PolicyView.Caching.UNTIL_EVICTED);
            }
        };
        DecisionEngine changing = input -> ALLOW;

        assertEquals(
                Optional.empty(),
                DecisionCache.forEngine(fixed, 100, Duration.ofSeconds(2)).lifetime());
        assertEquals(
                Optional.of(Duration.ofSeconds(2)),
                DecisionCache.forEngine(changing, 100, Duration.ofSeconds(2)).lifetime());
        assertEquals(
                RequestScope.METHOD_PATH_AND_ACTION,
                DecisionCache.forEngine(changing, 100, Duration.ofSeconds(2)).scope());
    }
}
