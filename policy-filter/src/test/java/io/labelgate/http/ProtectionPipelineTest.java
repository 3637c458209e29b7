package io.labelgate.http;

import io.labelgate.app.AppIdentity;
import io.labelgate.decision.Action;
import io.labelgate.decision.Decision;
import io.labelgate.decision.DecisionCache;
import io.labelgate.decision.DecisionEngine;
import io.labelgate.decision.DecisionException;
import io.labelgate.decision.DecisionInput;
import io.labelgate.decision.DecisionJson;
import io.labelgate.decision.DecisionLog;
import io.labelgate.json.Json;
import io.labelgate.selector.Selector;
import io.labelgate.token.JwtSettings;
import io.labelgate.token.JwtTokenVerifier;
import io.labelgate.token.Role;
import io.labelgate.token.SigningKey;
import io.labelgate.token.TokenClaims;
import io.labelgate.token.TokenIssuer;
import io.labelgate.token.VerificationKeys;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProtectionPipelineTest {

    private static final AppIdentity APP = AppIdentity.withReservedLabels(
            UUID.fromString("6f1c2a3e-0000-4000-8000-000000000001"),
            "GRA",
            Map.of("group", "A"),
            "labelgate/",
            warning -> {});
    private static final DecisionEngine ALLOW_ALL = input -> new Decision(true, List.of());

    private static SigningKey key;
    private static TokenIssuer issuer;
    private static JwtTokenVerifier verifier;

    @BeforeAll
    static void keys() {
        key = SigningKey.generate("RS256");
        issuer = new TokenIssuer(key, JwtSettings.defaults());
        verifier = new JwtTokenVerifier(
                JwtSettings.defaults(),
                VerificationKeys.builder().signingKey(key).build());
    }

    private static TokenClaims claims(String id, Role role) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        return new TokenClaims(
                id, 1, role, "GRA", Selector.parse("group=A"), false, now.minusSeconds(60), now.plusSeconds(3600));
    }

    private static ProtectionPipeline pipeline(DecisionEngine engine) {
        return new ProtectionPipeline(
                new AuthorizationHeaderResolver(), verifier, APP, ActionClassifier.allReads(), engine);
    }

    /** An engine that counts the calls it should never get. */
    private static final class UnreachableEngine implements DecisionEngine {
        private final AtomicInteger calls = new AtomicInteger();

        @Override
        public Decision decide(DecisionInput input) {
            calls.incrementAndGet();
            return new Decision(true, List.of());
        }
    }

    @Test
    void refusesARequestWithoutTokenWith401AndNoErrorCode() {
        UnreachableEngine engine = new UnreachableEngine();

        Outcome outcome = pipeline(engine).protect(TestRequest.get("/hello"));

        assertEquals(new Outcome.Refused(AuthError.missingToken()), outcome);
        assertEquals(0, engine.calls.get());
    }

    @Test
    void refusesATokenInTheQueryWith400() {
        Outcome outcome = pipeline(ALLOW_ALL)
                .protect(TestRequest.bearer("/hello", issuer.issue(claims("tok-1", Role.READ)))
                        .withQuery("access_token=x"));

        assertEquals(
                new Outcome.Refused(
                        AuthError.invalidRequest("tokens in the URL query are refused; send Authorization: Bearer")),
                outcome);
    }

    @Test
    void refusesABadTokenWith401InvalidTokenAndTheVerifiersDescription() {
        UnreachableEngine engine = new UnreachableEngine();

        Outcome outcome = pipeline(engine).protect(TestRequest.bearer("/hello", "not-a-jwt"));

        assertEquals(new Outcome.Refused(AuthError.invalidToken("token malformed")), outcome);
        assertEquals(0, engine.calls.get());
    }

    @ParameterizedTest(name = "[Bearer {0}]")
    @MethodSource("io.labelgate.http.AuthorizationHeaderResolverTest#notOneB64Token")
    void refusesACredentialThatIsNotOneB64TokenWith400BeforeAskingTheEngine(String credential) {
        UnreachableEngine engine = new UnreachableEngine();

        Outcome outcome =
                pipeline(engine).protect(TestRequest.get("/hello").withHeader("Authorization", "Bearer " + credential));

        assertEquals(
                new Outcome.Refused(AuthError.invalidRequest(
                        "the Bearer credential must be a single token (RFC 6750 section 2.1)")),
                outcome);
        assertEquals(0, engine.calls.get());
    }

    @Test
    void refusesAValidTokenWithAStrayCharacterWith400NotAsTheTokenItWouldDecodeTo() {
        String token = issuer.issue(claims("tok-1", Role.READ));

        Outcome outcome = pipeline(ALLOW_ALL)
                .protect(TestRequest.get("/hello").withHeader("Authorization", "Bearer " + token + "!"));

        assertEquals(
                new Outcome.Refused(AuthError.invalidRequest(
                        "the Bearer credential must be a single token (RFC 6750 section 2.1)")),
                outcome);
    }

    @Test
    void refusesATokenOfAnotherKeyWith401BeforeAskingTheEngine() {
        UnreachableEngine engine = new UnreachableEngine();
        String foreign = new TokenIssuer(SigningKey.generate("RS256"), JwtSettings.defaults())
                .issue(claims("tok-1", Role.OPERATOR));

        Outcome outcome = pipeline(engine).protect(TestRequest.bearer("/hello", foreign));

        assertEquals(new Outcome.Refused(AuthError.invalidToken("token signed by an unknown key")), outcome);
        assertEquals(0, engine.calls.get());
    }

    @Test
    void decideWhenEngineThrowsAnUncheckedFaultThenRefusesWith503() {
        DecisionEngine broken = input -> {
            throw new IllegalStateException("wasm trap");
        };

        Outcome outcome =
                pipeline(broken).protect(TestRequest.bearer("/hello", issuer.issue(claims("tok-1", Role.READ))));

        assertEquals(new Outcome.Refused(AuthError.decisionUnavailable()), outcome);
    }

    @Test
    void decideWhenEngineFailsThenRefusesWith503() {
        DecisionEngine failing = input -> {
            throw new DecisionException("the policy gave no single result");
        };

        Outcome outcome =
                pipeline(failing).protect(TestRequest.bearer("/hello", issuer.issue(claims("tok-1", Role.READ))));

        assertEquals(new Outcome.Refused(AuthError.decisionUnavailable()), outcome);
        AuthError error = ((Outcome.Refused) outcome).error();
        assertEquals(503, error.status());
        assertEquals("temporarily_unavailable", error.code());
    }

    @Test
    void decideWhenPolicyDeniesThenRefusesWith403AndItsReasons() {
        List<String> reasons = List.of(
                "role \"read\" does not permit action \"manage\"",
                "token region \"GRA\" does not match app region \"BHS\"");
        DecisionEngine denying = input -> new Decision(false, reasons);

        Outcome outcome =
                pipeline(denying).protect(TestRequest.bearer("/hello", issuer.issue(claims("tok-1", Role.READ))));

        assertEquals(
                new AuthError(
                        "insufficient_scope",
                        403,
                        "role \"read\" does not permit action \"manage\"; token region \"GRA\" does not match app region \"BHS\"",
                        reasons),
                ((Outcome.Refused) outcome).error());
        assertEquals(36, outcome.decision().orElseThrow().length(), "a denial is a decision, with an id");
    }

    @Test
    void decideWhenPolicyDeniesWithoutReasonThenStillSaysWhy() {
        Outcome outcome = pipeline(input -> new Decision(false, List.of()))
                .protect(TestRequest.bearer("/hello", issuer.issue(claims("tok-1", Role.READ))));

        assertEquals(
                new AuthError(
                        "insufficient_scope",
                        403,
                        "the policy denied the request",
                        List.of("the policy denied the request")),
                ((Outcome.Refused) outcome).error());
    }

    @Test
    void allowsAReadTokenAsAPrincipalNamedByTheTokenIdInRoleReadOnly() {
        TokenClaims claims = claims("tok-reader", Role.READ);

        Outcome outcome = pipeline(ALLOW_ALL).protect(TestRequest.bearer("/hello", issuer.issue(claims)));

        TokenPrincipal principal =
                assertInstanceOf(Outcome.Allowed.class, outcome).principal();
        assertEquals("tok-reader", principal.getName());
        assertEquals(claims, principal.claims());
        assertTrue(principal.isInRole("read"));
        assertFalse(principal.isInRole("operator"));
        assertFalse(principal.isInRole(null));
        assertEquals("TokenPrincipal[id=tok-reader, role=read]", principal.toString());
    }

    @Test
    void allowsAnOperatorTokenInRolesOperatorAndRead() {
        Outcome outcome = pipeline(ALLOW_ALL)
                .protect(TestRequest.bearer("/hello", issuer.issue(claims("tok-operator", Role.OPERATOR))));

        TokenPrincipal principal =
                assertInstanceOf(Outcome.Allowed.class, outcome).principal();
        assertEquals("tok-operator", principal.getName());
        assertTrue(principal.isInRole("operator"));
        assertTrue(principal.isInRole("read"));
        assertFalse(principal.isInRole("admin"));
    }

    @Test
    void asksTheEngineWithTheRequestAndTheTokensClaimsButNeverTheTokenString() {
        List<DecisionInput> asked = new ArrayList<>();
        DecisionEngine capturing = input -> {
            asked.add(input);
            return new Decision(true, List.of());
        };
        ProtectionPipeline pipeline = new ProtectionPipeline(
                new AuthorizationHeaderResolver(),
                verifier,
                APP,
                request -> request.method().equals("POST") ? Action.MANAGE : Action.READ,
                capturing);
        String token = issuer.issue(claims("tok-1", Role.OPERATOR));

        pipeline.protect(TestRequest.bearer("/labelgate/api/app/stop", token)
                .withMethod("POST")
                .withHeader("Cookie", "session=secret"));

        assertEquals(
                List.of(new DecisionInput(
                        new DecisionInput.TokenInput(
                                "tok-1",
                                "operator",
                                "GRA",
                                false,
                                List.of(new DecisionInput.SelectorInput("group", "In", List.of("A")))),
                        new DecisionInput.AppInput(
                                "6f1c2a3e-0000-4000-8000-000000000001",
                                "GRA",
                                Map.of(
                                        "group",
                                        "A",
                                        "labelgate/id",
                                        "6f1c2a3e-0000-4000-8000-000000000001",
                                        "labelgate/type",
                                        "app")),
                        new DecisionInput.RequestInput("POST", "/labelgate/api/app/stop", "manage"))),
                asked);
        String json = DecisionJson.write(asked.get(0));
        for (String part : token.split("\\.")) {
            assertFalse(json.contains(part), "the decision input carries part of the token string");
        }
        assertFalse(json.contains("secret"), "the decision input carries a cookie");
    }

    /**
     * A custom rule on {@code /api/model/reload} must not be walked around with slashes the
     * application ignores: the policy sees the path as manage paths are matched.
     */
    @ParameterizedTest
    @ValueSource(strings = {"/api/model/reload/", "/api//model/reload", "//api/model//reload//"})
    void asksTheEngineWithThePathsSlashesNormalised(String path) {
        List<DecisionInput> asked = new ArrayList<>();
        DecisionEngine capturing = input -> {
            asked.add(input);
            return new Decision(true, List.of());
        };
        ProtectionPipeline pipeline = new ProtectionPipeline(
                new AuthorizationHeaderResolver(), verifier, APP, ActionClassifier.allReads(), capturing);

        pipeline.protect(TestRequest.bearer(path, issuer.issue(claims("tok-1", Role.OPERATOR)))
                .withMethod("POST"));

        assertEquals("/api/model/reload", asked.get(0).request().path());
    }

    /** Collects the decision log's records, at every level, while a test runs. */
    private static final class DecisionLines extends Handler implements AutoCloseable {
        private final Logger logger = Logger.getLogger(DecisionLog.LOGGER);
        private final Level levelBefore = logger.getLevel();
        private final List<LogRecord> records = new ArrayList<>();

        DecisionLines() {
            logger.setLevel(Level.ALL);
            logger.addHandler(this);
        }

        @Override
        public synchronized void publish(LogRecord record) {
            records.add(record);
        }

        synchronized List<LogRecord> records() {
            return List.copyOf(records);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {
            logger.removeHandler(this);
            logger.setLevel(levelBefore);
        }
    }

    @Test
    void logsOneLinePerDecisionWithItsIdAndNeverTheToken() throws Exception {
        String allowedToken = issuer.issue(claims("tok-allowed", Role.READ));
        String deniedToken = issuer.issue(claims("tok-denied", Role.READ));
        DecisionEngine byToken = input -> input.token().id().equals("tok-allowed")
                ? new Decision(true, List.of())
                : new Decision(false, List.of("selector group in (B) does not match the app's labels"));
        ProtectionPipeline pipeline = pipeline(byToken);

        List<LogRecord> records;
        Outcome allowed;
        Outcome denied;
        try (DecisionLines lines = new DecisionLines()) {
            allowed = pipeline.protect(TestRequest.bearer("/hello", allowedToken));
            denied = pipeline.protect(TestRequest.bearer("/hello", deniedToken));
            pipeline.protect(TestRequest.bearer("/hello", "not-a-jwt"));
            records = lines.records();
        }

        assertEquals(2, records.size(), "one line per decision; a token refused before deciding is no decision");
        assertEquals(Level.FINE, records.get(0).getLevel(), "allowed requests at FINE");
        assertEquals(Level.INFO, records.get(1).getLevel(), "refusals at INFO");
        var allowLine = Json.mapper().readTree(records.get(0).getMessage());
        assertEquals(
                allowed.decision().orElseThrow(), allowLine.get("decision_id").textValue());
        assertEquals("tok-allowed", allowLine.get("token_id").textValue());
        assertEquals(APP.id().toString(), allowLine.get("app_id").textValue());
        assertEquals("read", allowLine.get("action").textValue());
        assertEquals("allow", allowLine.get("result").textValue());
        assertEquals("[]", allowLine.get("reasons").toString());
        assertTrue(allowLine.get("latency_us").isIntegralNumber());
        assertTrue(allowLine.has("engine") && allowLine.has("cached"), allowLine::toString);
        var denyLine = Json.mapper().readTree(records.get(1).getMessage());
        assertEquals(
                denied.decision().orElseThrow(), denyLine.get("decision_id").textValue());
        assertEquals("deny", denyLine.get("result").textValue());
        assertEquals(
                "[\"selector group in (B) does not match the app's labels\"]",
                denyLine.get("reasons").toString());
        for (LogRecord record : records) {
            for (String token : List.of(allowedToken, deniedToken)) {
                for (String part : token.split("\\.")) {
                    assertFalse(record.getMessage().contains(part), "a decision line carries part of a token");
                }
            }
        }
    }

    @Test
    void logsAllowedDecisionsAtInfoWhenConfiguredTo() {
        ProtectionPipeline pipeline = new ProtectionPipeline(
                new AuthorizationHeaderResolver(),
                verifier,
                APP,
                ActionClassifier.allReads(),
                ALLOW_ALL,
                SessionLookup.none(),
                new DecisionCache(0, Duration.ZERO),
                new DecisionLog("embedded", true));

        List<LogRecord> records;
        try (DecisionLines lines = new DecisionLines()) {
            pipeline.protect(TestRequest.bearer("/hello", issuer.issue(claims("tok-allowed", Role.READ))));
            records = lines.records();
        }

        assertEquals(1, records.size());
        assertEquals(Level.INFO, records.get(0).getLevel());
        assertTrue(
                records.get(0).getMessage().contains("\"engine\":\"embedded\""),
                records.get(0).getMessage());
    }

    @Test
    void decisionIdsAreRandomVersion4Uuids() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            UUID id = UUID.fromString(DecisionLog.newId());
            assertEquals(4, id.version());
            assertEquals(2, id.variant());
            ids.add(id.toString());
        }
        assertEquals(10_000, ids.size());
    }
}
