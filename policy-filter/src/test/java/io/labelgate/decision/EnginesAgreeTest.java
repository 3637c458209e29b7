package io.labelgate.decision;

import com.fasterxml.jackson.databind.JsonNode;
import io.labelgate.app.AppIdentity;
import io.labelgate.bundle.PolicyBundle;
import io.labelgate.decision.DecisionInput.AppInput;
import io.labelgate.decision.DecisionInput.RequestInput;
import io.labelgate.decision.DecisionInput.SelectorInput;
import io.labelgate.decision.DecisionInput.TokenInput;
import io.labelgate.json.Json;
import io.labelgate.selector.Operator;
import io.labelgate.selector.Requirement;
import io.labelgate.selector.Selector;
import io.labelgate.token.Role;
import io.labelgate.token.TokenClaims;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The embedded Wasm engine and a real OPA server give the same decision, reasons included, for
 * thousands of generated inputs; a sample is also checked against {@code opa eval}, so the two
 * engines cannot agree on a wrong answer through a shared Java path. Twice: for labelgate's
 * built-in policy ({@code policies/rego/authz.rego} served as Rego, the committed Wasm embedded),
 * and for the sample's bundle (labelgate's policy plus a custom rule that reads the method and
 * path), which the embedded engine (its Wasm module) and an OPA server (its Rego) both load from the
 * same file. Inputs are built as the request path builds them, through {@link DecisionInput#of}
 * from token claims, an app identity and a request, so that mapping is part of what is compared.
 *
 * <p>Needs the real OPA CLI, passed as {@code -Dopa.executable} by scripts/test.sh. Without it the
 * class is skipped, so that {@code mvn test} stays possible on a machine without OPA.
 * The generator's seed is random per run and printed in every failure;
 * {@code -Dlabelgate.engines.seed=<seed>} replays a run.
 */
@EnabledIfSystemProperty(named = OpaServer.PROPERTY, matches = ".+", disabledReason = OpaServer.NEEDS_OPA)
class EnginesAgreeTest {

    private static final String SEED_PROPERTY = "labelgate.engines.seed";

    private static final int INPUTS = 10_000;
    private static final int EVAL_EVERY = 50;
    private static final int THREADS = 4;

    private static final List<String> KEYS =
            List.of("labelgate/id", "labelgate/type", "group", "tier", "env", "example.com/team");
    private static final List<String> ORDINARY_KEYS = List.of("group", "tier", "env", "example.com/team");
    private static final List<String> VALUES = List.of("", "A", "B", "gpu", "prod", "app");
    private static final List<String> OPERATORS = List.of("In", "NotIn", "Exists", "DoesNotExist");
    private static final List<String> REGIONS = List.of("GRA", "BHS");
    private static final List<String> METHODS = List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE");
    private static final String SAMPLE_RULE_PATH = "/api/model/reload";
    private static final String SAMPLE_RULE_REASON =
            "reloading the model needs a token scoped to this app by labelgate/id";
    private static final List<String> PATHS = List.of(
            "/",
            "/hello",
            "/api/items/42",
            SAMPLE_RULE_PATH,
            "/manage/stop",
            "/manage/delete",
            "/files/r%C3%A9sum%C3%A9.txt",
            "/caf\u00e9/\"quoted\"");
    private static final Instant ISSUED_AT = Instant.parse("2026-01-01T00:00:00Z");

    private static Path opa;
    private static final Map<Policy, Engines> ENGINES = new EnumMap<>(Policy.class);

    /** The policies compared, and how each engine loads them. */
    enum Policy {
        BUILT_IN("policies/rego/authz.rego"),
        SAMPLE_BUNDLE("sample-war/src/main/webapp/WEB-INF/labelgate/policy.tar.gz");

        private final String file;

        Policy(String file) {
            this.file = file;
        }

        /** The file, from the module directory Maven runs the tests in (policy-filter). */
        Path path() {
            return Path.of("").toAbsolutePath().getParent().resolve(file);
        }

        boolean bundle() {
            return file.endsWith(".tar.gz");
        }
    }

    /** One policy in both engines, and the OPA server behind the remote one. */
    private record Engines(OpaServer server, EmbeddedWasmEngine embedded, RemoteOpaEngine remote) {}

    @BeforeAll
    static void startOpaServers() throws Exception {
        opa = OpaServer.executable();
        for (Policy policy : Policy.values()) {
            Path file = policy.path();
            assertTrue(Files.isRegularFile(file), () -> "no policy at " + file + ": run the tests from policy-filter");
            // Only the policy file or the bundle: authz_test.rego is for `opa test`, not for serving.
            OpaServer server = OpaServer.start(
                    file, "engines-agree-" + policy.name().toLowerCase(Locale.ROOT) + "-opa-server.log");
            EmbeddedWasmEngine embedded;
            if (policy.bundle()) {
                embedded = EmbeddedWasmEngine.awaitingPolicy(THREADS, Duration.ofSeconds(30));
                embedded.load(PolicyBundle.read(Files.readAllBytes(file), Optional.empty(), policy.name()));
            } else {
                embedded = EmbeddedWasmEngine.bundled(THREADS, Duration.ofSeconds(30));
            }
            ENGINES.put(
                    policy,
                    new Engines(
                            server,
                            embedded,
                            new RemoteOpaEngine(
                                    server.url(),
                                    RemoteOpaEngine.DEFAULT_PATH,
                                    Duration.ofSeconds(2),
                                    Duration.ofSeconds(10),
                                    Duration.ofSeconds(30))));
        }
    }

    @AfterAll
    static void stopOpaServers() throws InterruptedException {
        for (Engines engines : ENGINES.values()) {
            engines.embedded().close();
            engines.server().close();
        }
    }

    @ParameterizedTest
    @EnumSource(Policy.class)
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void embeddedEngineAndOpaServerGiveTheSameDecisionForEveryGeneratedInput(Policy policy) throws Exception {
        long seed = Long.getLong(SEED_PROPERTY, ThreadLocalRandom.current().nextLong());
        String run = policy + ", seed " + seed + " (replay with -D" + SEED_PROPERTY + "=" + seed + ")";
        long started = System.nanoTime();

        Random random = new Random(seed);
        List<DecisionInput> inputs = new ArrayList<>(INPUTS);
        for (int i = 0; i < INPUTS; i++) {
            inputs.add(generate(random));
        }
        List<Outcome> outcomes = decideAll(policy, inputs, run);
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);

        assertNoDisagreement(run, outcomes, "the OPA server", Outcome::remote);
        List<Outcome> evaluated =
                outcomes.stream().filter(outcome -> outcome.eval() != null).toList();
        assertEquals(INPUTS / EVAL_EVERY, evaluated.size(), run);
        assertNoDisagreement(run, evaluated, "opa eval", Outcome::eval);

        long allowed =
                outcomes.stream().filter(outcome -> outcome.embedded().allow()).count();
        assertAll(
                run,
                () -> assertSeen(outcomes, "an allowed input", Outcome::allowed),
                () -> assertSeen(outcomes, "a denied input", outcome -> !outcome.allowed()),
                () -> assertSeen(
                        outcomes,
                        "an allowed allApps input",
                        outcome -> outcome.allowed() && outcome.input().token().allApps()),
                () -> assertSeen(
                        outcomes,
                        "a denied allApps input with selectors",
                        outcome -> !outcome.allowed()
                                && outcome.input().token().allApps()
                                && !outcome.input().token().selectors().isEmpty()),
                () -> assertSeen(
                        outcomes,
                        "an input with a malformed selector",
                        outcome -> outcome.input().token().selectors().stream().anyMatch(sel -> !wellFormed(sel))),
                () -> assertSeen(
                        outcomes,
                        "an allowed NotIn on a key the app lacks",
                        outcome -> outcome.allowed() && hasOnAbsentKey(outcome.input(), "NotIn")),
                () -> assertSeen(
                        outcomes,
                        "an allowed DoesNotExist on a key the app lacks",
                        outcome -> outcome.allowed() && hasOnAbsentKey(outcome.input(), "DoesNotExist")),
                () -> assertSeen(
                        outcomes,
                        "a denied In on a key the app lacks",
                        outcome -> !outcome.allowed() && hasOnAbsentKey(outcome.input(), "In")),
                () -> {
                    if (policy == Policy.SAMPLE_BUNDLE) {
                        assertSeen(
                                outcomes,
                                "an input the sample's own rule denies",
                                outcome -> outcome.embedded().reasons().contains(SAMPLE_RULE_REASON));
                        assertSeen(
                                outcomes,
                                "an allowed reload of the model",
                                outcome -> outcome.allowed()
                                        && outcome.input().request().path().equals(SAMPLE_RULE_PATH));
                    }
                },
                () -> {
                    for (String operator : OPERATORS) {
                        assertSeen(
                                outcomes,
                                "an allowed input with " + operator,
                                outcome -> outcome.allowed() && hasOperator(outcome.input(), operator));
                        assertSeen(
                                outcomes,
                                "a denied input with " + operator,
                                outcome -> !outcome.allowed() && hasOperator(outcome.input(), operator));
                    }
                });

        // One line for the build log; the assertions above are what the test checks.
        System.out.printf(
                "EnginesAgreeTest: %s: %d inputs (%d allowed, %d denied), %d also checked with opa eval," + " %d s%n",
                run, INPUTS, allowed, INPUTS - allowed, evaluated.size(), seconds);
    }

    /** One input and every answer to it; {@code eval} is null when the input was not sampled. */
    private record Outcome(DecisionInput input, Decision embedded, Decision remote, Decision eval) {
        boolean allowed() {
            return embedded.allow();
        }
    }

    private static List<Outcome> decideAll(Policy policy, List<DecisionInput> inputs, String run)
            throws InterruptedException {
        Engines engines = ENGINES.get(policy);
        List<Callable<Outcome>> tasks = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            DecisionInput input = inputs.get(i);
            boolean sampled = i % EVAL_EVERY == 0;
            tasks.add(() -> new Outcome(
                    input,
                    engines.embedded().decide(input),
                    engines.remote().decide(input),
                    sampled ? opaEval(policy, input) : null));
        }
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        List<Future<Outcome>> futures;
        try {
            futures = threads.invokeAll(tasks, 3, TimeUnit.MINUTES);
        } finally {
            threads.shutdownNow();
        }
        List<Outcome> outcomes = new ArrayList<>(inputs.size());
        for (int i = 0; i < futures.size(); i++) {
            Future<Outcome> future = futures.get(i);
            if (future.isCancelled()) {
                fail(run + ": input #" + i + " was not decided within 3 minutes");
            }
            try {
                outcomes.add(future.get());
            } catch (ExecutionException e) {
                throw new AssertionError(
                        run + ": input #" + i + " " + DecisionJson.write(inputs.get(i)) + " failed: " + e.getCause(),
                        e.getCause());
            }
        }
        return outcomes;
    }

    /** Fails with the smallest disagreeing input, so the report is readable. */
    private static void assertNoDisagreement(
            String run, List<Outcome> outcomes, String other, Function<Outcome, Decision> answer) {
        List<Outcome> disagreements = outcomes.stream()
                .filter(outcome -> !outcome.embedded().equals(answer.apply(outcome)))
                .toList();
        if (disagreements.isEmpty()) {
            return;
        }
        Outcome smallest = disagreements.stream()
                .min(Comparator.comparingInt(
                        outcome -> DecisionJson.write(outcome.input()).length()))
                .orElseThrow();
        fail(run + ": the embedded engine and " + other + " disagree on " + disagreements.size() + " of "
                + outcomes.size() + " inputs; the smallest: " + DecisionJson.write(smallest.input())
                + "\n  embedded: " + smallest.embedded() + "\n  " + other + ": " + answer.apply(smallest));
    }

    private static void assertSeen(List<Outcome> outcomes, String what, Predicate<Outcome> seen) {
        assertTrue(outcomes.stream().anyMatch(seen), () -> "the generator produced no " + what);
    }

    private static boolean hasOperator(DecisionInput input, String operator) {
        return input.token().selectors().stream().anyMatch(sel -> sel.operator().equals(operator));
    }

    private static boolean hasOnAbsentKey(DecisionInput input, String operator) {
        return input.token().selectors().stream()
                .anyMatch(sel -> sel.operator().equals(operator)
                        && wellFormed(sel)
                        && !input.app().labels().containsKey(sel.key()));
    }

    private static boolean wellFormed(SelectorInput sel) {
        return switch (sel.operator()) {
            case "In", "NotIn" -> !sel.values().isEmpty();
            case "Exists", "DoesNotExist" -> sel.values().isEmpty();
            default -> false;
        };
    }

    // -----------------------------------------------------------------------------------------
    // The generator
    // -----------------------------------------------------------------------------------------

    /**
     * One input, built as the pipeline builds it: {@link DecisionInput#of} over verified claims, the
     * app's part ({@link AppInput#of}) and the request's ({@link RequestInput#of}), so the mapping
     * from claims, app identity and request is exercised too. A few inputs are then altered into
     * what Java never sends (an unknown role, all apps together with selectors, a malformed
     * selector), which {@link TokenClaims} and {@link Requirement} refuse to hold: the policy's
     * answers to those must agree as well.
     */
    private static DecisionInput generate(Random random) {
        UUID appId = new UUID(random.nextLong(), random.nextLong());
        Map<String, String> labels = new TreeMap<>();
        int labelCount = random.nextInt(5);
        for (int i = 0; i < labelCount; i++) {
            labels.put(pick(random, ORDINARY_KEYS), pick(random, VALUES));
        }
        if (random.nextInt(3) > 0) {
            labels.put("labelgate/id", appId.toString());
        }
        if (random.nextInt(3) > 0) {
            labels.put("labelgate/type", random.nextBoolean() ? "app" : "db");
        }
        AppInput app = new AppIdentity(appId, pick(random, REGIONS), labels).asInput();

        boolean allApps = random.nextInt(6) == 0;
        // allApps with and without selectors; without allApps, rarely no selector at all
        int selectorCount = (allApps ? random.nextBoolean() : random.nextInt(10) == 0) ? 0 : 1 + random.nextInt(3);
        List<Requirement> requirements = new ArrayList<>(selectorCount);
        for (int i = 0; i < selectorCount; i++) {
            requirements.add(requirement(random, labels));
        }
        TokenClaims claims = new TokenClaims(
                "tok-" + Integer.toHexString(random.nextInt()),
                1 + random.nextInt(3),
                pick(random, List.of(Role.values())),
                pick(random, REGIONS),
                allApps ? Selector.empty() : new Selector(requirements),
                allApps,
                ISSUED_AT,
                null);
        RequestInput request =
                RequestInput.of(pick(random, METHODS), pick(random, PATHS), pick(random, List.of(Action.values())));
        DecisionInput input = DecisionInput.of(claims, app, request);

        TokenInput token = input.token();
        List<SelectorInput> selectors = new ArrayList<>(token.selectors());
        if (allApps) {
            // all apps and selectors at once: ambiguous, so denied with its own reason
            requirements.forEach(requirement -> selectors.add(SelectorInput.of(requirement)));
        }
        for (int i = 0; i < selectors.size(); i++) {
            if (random.nextInt(50) == 0) {
                selectors.set(i, malformed(random, selectors.get(i).key()));
            }
        }
        String role = random.nextInt(10) == 0 ? "admin" : token.role();
        if (selectors.equals(token.selectors()) && role.equals(token.role())) {
            return input;
        }
        return new DecisionInput(
                new TokenInput(token.id(), role, token.region(), token.allApps(), selectors),
                input.app(),
                input.request());
    }

    /** A selector the Java side would refuse. */
    private static SelectorInput malformed(Random random, String key) {
        return switch (random.nextInt(3)) {
            case 0 -> new SelectorInput(key, "In", List.of());
            case 1 -> new SelectorInput(key, "Exists", List.of(pick(random, VALUES)));
            default -> new SelectorInput(key, "Gt", List.of("1"));
        };
    }

    private static Requirement requirement(Random random, Map<String, String> labels) {
        // Half the time a key the app has, so that selectors match often enough to allow.
        String key = !labels.isEmpty() && random.nextBoolean()
                ? pick(random, List.copyOf(labels.keySet()))
                : pick(random, KEYS);
        Operator operator = Operator.fromWireName(pick(random, OPERATORS));
        if (operator == Operator.EXISTS || operator == Operator.DOES_NOT_EXIST) {
            return new Requirement(key, operator, List.of());
        }
        List<String> values = new ArrayList<>(3);
        int valueCount = 1 + random.nextInt(3);
        if (labels.containsKey(key) && random.nextBoolean()) {
            values.add(labels.get(key));
        }
        while (values.size() < valueCount) {
            String value = pick(random, VALUES);
            if (!values.contains(value)) {
                values.add(value);
            }
        }
        Collections.shuffle(values, random);
        return new Requirement(key, operator, values);
    }

    private static <T> T pick(Random random, List<T> choices) {
        return choices.get(random.nextInt(choices.size()));
    }

    // -----------------------------------------------------------------------------------------
    // The OPA processes
    // -----------------------------------------------------------------------------------------

    /** The decision {@code opa eval} gives for this input, read strictly like the engines' answers. */
    private static Decision opaEval(Policy policy, DecisionInput input)
            throws IOException, InterruptedException, DecisionException {
        Path out = Files.createTempFile("labelgate-opa-eval-", ".json");
        Path err = Files.createTempFile("labelgate-opa-eval-", ".err");
        try {
            // Output to files, not pipes: a bounded wait needs no reader thread that could block.
            Process eval = new ProcessBuilder(
                            opa.toString(),
                            "eval",
                            "--format",
                            "json",
                            policy.bundle() ? "--bundle" : "--data",
                            policy.path().toString(),
                            "--stdin-input",
                            "data.labelgate.authz.decision")
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            try (OutputStream stdin = eval.getOutputStream()) {
                stdin.write(DecisionJson.write(input).getBytes(UTF_8));
            }
            if (!eval.waitFor(30, TimeUnit.SECONDS)) {
                eval.destroyForcibly();
                fail("opa eval did not finish within 30 s");
            }
            assertEquals(0, eval.exitValue(), () -> "opa eval failed: " + OpaServer.readQuietly(err));
            JsonNode result = Json.mapper().readTree(out.toFile());
            return DecisionJson.parseDecision(
                    result.path("result").path(0).path("expressions").path(0).path("value"));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
