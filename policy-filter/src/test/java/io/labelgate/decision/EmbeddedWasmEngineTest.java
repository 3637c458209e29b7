package io.labelgate.decision;

import io.labelgate.decision.DecisionInput.AppInput;
import io.labelgate.decision.DecisionInput.RequestInput;
import io.labelgate.decision.DecisionInput.SelectorInput;
import io.labelgate.decision.DecisionInput.TokenInput;
import io.labelgate.http.AuthError;
import io.labelgate.http.Outcome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** The real bundled policy, evaluated in-process. */
class EmbeddedWasmEngineTest {

    private static final String APP_ID = "6f1c2a3e-0000-4000-8000-000000000001";
    private static final Map<String, String> LABELS =
            Map.of("group", "A", "tier", "gpu", "labelgate/id", APP_ID, "labelgate/type", "app");

    /** README, SECURITY.md: all instances busy, a request waits {@code labelgate.engine.acquire-timeout}, then 503. */
    private static final Duration ACQUIRE_TIMEOUT = Duration.ofSeconds(1);

    private static EmbeddedWasmEngine engine;

    @BeforeAll
    static void loadPolicy() {
        // a generous acquire timeout: a slow shared machine must not turn into a flaky 503
        engine = EmbeddedWasmEngine.bundled(2, Duration.ofSeconds(30));
    }

    @AfterAll
    static void closeEngine() {
        engine.close();
    }

    private static SelectorInput in(String key, String... values) {
        return new SelectorInput(key, "In", List.of(values));
    }

    private static SelectorInput notIn(String key, String... values) {
        return new SelectorInput(key, "NotIn", List.of(values));
    }

    private static SelectorInput exists(String key) {
        return new SelectorInput(key, "Exists", List.of());
    }

    private static SelectorInput doesNotExist(String key) {
        return new SelectorInput(key, "DoesNotExist", List.of());
    }

    private static DecisionInput input(
            String role,
            String tokenRegion,
            boolean allApps,
            List<SelectorInput> selectors,
            String appRegion,
            String action) {
        return new DecisionInput(
                new TokenInput("tok-1", role, tokenRegion, allApps, selectors),
                new AppInput(APP_ID, appRegion, LABELS),
                new RequestInput("GET", "/hello", action));
    }

    private static DecisionInput read(List<SelectorInput> selectors) {
        return input("read", "GRA", false, selectors, "GRA", "read");
    }

    private static Decision allowed() {
        return new Decision(true, List.of());
    }

    private static Decision denied(String... reasons) {
        return new Decision(false, List.of(reasons));
    }

    static Stream<Arguments> decisions() {
        return Stream.of(
                arguments("read token for group=A", read(List.of(in("group", "A"))), allowed()),
                arguments(
                        "selector on another group",
                        read(List.of(in("group", "B"))),
                        denied("selector group in (B) does not match the app's labels")),
                arguments("token scoped to this app by id", read(List.of(in("labelgate/id", APP_ID))), allowed()),
                arguments(
                        "region mismatch",
                        input("read", "GRA", false, List.of(in("group", "A")), "BHS", "read"),
                        denied("token region \"GRA\" does not match app region \"BHS\"")),
                arguments(
                        "read token asking manage",
                        input("read", "GRA", false, List.of(in("group", "A")), "GRA", "manage"),
                        denied("role \"read\" does not permit action \"manage\"")),
                arguments(
                        "operator token asking manage",
                        input("operator", "GRA", false, List.of(in("group", "A")), "GRA", "manage"),
                        allowed()),
                arguments("NotIn on an absent key", read(List.of(notIn("zone", "x"))), allowed()),
                arguments(
                        "NotIn on a listed value",
                        read(List.of(notIn("tier", "gpu", "cpu"))),
                        denied("selector tier notin (gpu,cpu) does not match the app's labels")),
                arguments("Exists on a present key", read(List.of(exists("tier"))), allowed()),
                arguments(
                        "Exists on an absent key",
                        read(List.of(exists("zone"))),
                        denied("selector zone does not match the app's labels")),
                arguments("DoesNotExist on an absent key", read(List.of(doesNotExist("legacy"))), allowed()),
                arguments(
                        "DoesNotExist on a present key",
                        read(List.of(doesNotExist("tier"))),
                        denied("selector !tier does not match the app's labels")),
                arguments(
                        "no selectors and no all-apps scope",
                        read(List.of()),
                        denied("token has no selectors and is not scoped to all apps")),
                arguments("all-apps scope", input("read", "GRA", true, List.of(), "GRA", "read"), allowed()),
                arguments(
                        "all-apps scope with selectors",
                        input("read", "GRA", true, List.of(in("group", "A")), "GRA", "read"),
                        denied("token is scoped to all apps but also has selectors")),
                arguments(
                        "several failures",
                        input("read", "GRA", false, List.of(in("group", "B"), exists("zone")), "BHS", "manage"),
                        denied(
                                "role \"read\" does not permit action \"manage\"",
                                "selector group in (B) does not match the app's labels",
                                "selector zone does not match the app's labels",
                                "token region \"GRA\" does not match app region \"BHS\"")),
                arguments(
                        "In without values",
                        read(List.of(in("group"))),
                        denied("selector on key \"group\" with operator \"In\" needs at least one value")),
                arguments(
                        "unknown operator",
                        read(List.of(new SelectorInput("group", "Equals", List.of("A")))),
                        denied("selector operator \"Equals\" is not supported")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("decisions")
    void decidesAsTheBundledPolicySays(String name, DecisionInput input, Decision decision) throws DecisionException {
        assertEquals(decision, engine.decide(input));
    }

    /** Why the bundled engine may say {@link RequestScope#ACTION}: its decisions never vary with method or path. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("decisions")
    void bundledPolicyDecidesAlikeForEveryMethodAndPathOfAnAction(String name, DecisionInput input, Decision decision)
            throws DecisionException {
        assertEquals(RequestScope.ACTION, engine.policyView().scope());
        for (String method : List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")) {
            for (String path : List.of("/", "/hello", "/reports/2026", "/manage/stop", "/caf\u00e9/\"quoted\"")) {
                DecisionInput other = new DecisionInput(
                        input.token(),
                        input.app(),
                        new RequestInput(method, path, input.request().action()));
                assertEquals(decision, engine.decide(other), method + " " + path);
            }
        }
    }

    @Test
    void engineOverAModuleOtherThanTheBundledOneIsKeyedOnTheWholeRequest() {
        // the same bytes, even: only bundled() knows which policy it runs
        try (EmbeddedWasmEngine given =
                new EmbeddedWasmEngine(EmbeddedWasmEngine.readBundledPolicy(), 1, Duration.ofSeconds(1))) {
            assertEquals(RequestScope.METHOD_PATH_AND_ACTION, given.policyView().scope());
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void decideWhenEveryInstanceIsBusyThenFailsClosedAfterTheAcquireTimeout() throws Exception {
        try (EmbeddedWasmEngine single = EmbeddedWasmEngine.bundled(1, ACQUIRE_TIMEOUT)) {
            DecisionInput input = read(List.of(in("group", "A")));
            DecisionException fault;
            long waited;
            try (AutoCloseable busy = single.occupyOneInstance()) {
                long started = System.nanoTime();
                fault = assertThrows(DecisionException.class, () -> single.decide(input));
                waited = System.nanoTime() - started;
            }

            assertEquals("no policy instance free within the acquire timeout", fault.getMessage());
            PipelineFixture.assertWaitedTheTimeoutAndNoMore(ACQUIRE_TIMEOUT, waited);
            assertEquals(allowed(), single.decide(input), "the instance serves again once it is free");
        }
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void requestWhenEveryInstanceIsBusyIsRefusedWith503AfterTheAcquireTimeout() throws Exception {
        try (EmbeddedWasmEngine single = EmbeddedWasmEngine.bundled(1, ACQUIRE_TIMEOUT)) {
            PipelineFixture request = new PipelineFixture(single);
            assertInstanceOf(Outcome.Allowed.class, request.protect(), "allowed while the instance is free");
            Outcome outcome;
            long waited;
            try (AutoCloseable busy = single.occupyOneInstance()) {
                long started = System.nanoTime();
                outcome = request.protect();
                waited = System.nanoTime() - started;
            }

            assertEquals(new Outcome.Refused(AuthError.decisionUnavailable()), outcome);
            assertEquals(503, AuthError.decisionUnavailable().status());
            PipelineFixture.assertWaitedTheTimeoutAndNoMore(ACQUIRE_TIMEOUT, waited);
        }
    }

    @Test
    void concurrentDecisionsAllAgreeWithTheirSingleThreadedAnswer() throws Exception {
        DecisionInput allowedInput = read(List.of(in("group", "A")));
        DecisionInput deniedInput = input("read", "GRA", false, List.of(in("group", "B")), "BHS", "read");
        Decision allowedAnswer = engine.decide(allowedInput);
        Decision deniedAnswer = engine.decide(deniedInput);
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Integer>> workers = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                workers.add(() -> {
                    int agreed = 0;
                    for (int i = 0; i < 200; i++) {
                        boolean allow = i % 2 == 0;
                        Decision answer = engine.decide(allow ? allowedInput : deniedInput);
                        if (answer.equals(allow ? allowedAnswer : deniedAnswer)) {
                            agreed++;
                        }
                    }
                    return agreed;
                });
            }
            int agreed = 0;
            for (Future<Integer> result : threads.invokeAll(workers)) {
                agreed += result.get();
            }
            assertEquals(8 * 200, agreed);
        } finally {
            threads.shutdownNow();
        }
        assertEquals(
                new Decision(
                        false,
                        List.of(
                                "selector group in (B) does not match the app's labels",
                                "token region \"GRA\" does not match app region \"BHS\"")),
                deniedAnswer);
    }

    @Test
    void decideWhenInterruptedWhileWaitingForAnInstanceThenFailsClosed() {
        Thread.currentThread().interrupt();
        try {
            DecisionException fault =
                    assertThrows(DecisionException.class, () -> engine.decide(read(List.of(in("group", "A")))));
            assertEquals("interrupted while waiting for a policy instance", fault.getMessage());
            assertTrue(Thread.currentThread().isInterrupted());
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void refusesToStartWithACorruptModule() {
        byte[] corrupt = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x7f, 0x7f, 0x7f};

        assertThrows(RuntimeException.class, () -> new EmbeddedWasmEngine(corrupt, 1, Duration.ofSeconds(1)));
    }

    @Test
    void refusesAPoolSmallerThanOne() {
        IllegalArgumentException refused = assertThrows(
                IllegalArgumentException.class, () -> new EmbeddedWasmEngine(new byte[0], 0, Duration.ofSeconds(1)));
        assertEquals("pool size must be at least 1", refused.getMessage());
    }
}
