package io.labelgate.registry;

import io.labelgate.selector.Selector;
import io.labelgate.token.JwtSettings;
import io.labelgate.token.JwtTokenVerifier;
import io.labelgate.token.Role;
import io.labelgate.token.TokenClaims;
import io.labelgate.token.TokenIssuer;
import io.labelgate.token.TokenRejectedException;
import io.labelgate.token.VerificationKeys;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** The registry, the key ring and the token service on H2 and, under scripts/test.sh, on PostgreSQL. */
class RegistryTest {

    private static final KeyEncryption ENCRYPTION = KeyEncryption.fromBase64(KeyEncryption.generateBase64());
    private static final Clock CLOCK = Clock.systemUTC();

    static Stream<Arguments> databases() {
        return TestDataSources.all().stream()
                .map(source ->
                        arguments(source.getClass().getSimpleName().startsWith("PG") ? "PostgreSQL" : "H2", source));
    }

    private static TokenService service(JdbcRegistry registry, KeyRing keys) {
        return new TokenService(registry, () -> new TokenIssuer(keys.signingKey(), JwtSettings.defaults()), CLOCK);
    }

    private static JwtTokenVerifier verifier(KeyRing keys) {
        return new JwtTokenVerifier(
                JwtSettings.defaults(),
                VerificationKeys.builder().resolver(keys).build());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void migratingTwiceConcurrentlyLeavesOneSchema(String name, DataSource database) throws Exception {
        ExecutorService nodes = Executors.newFixedThreadPool(4);
        try {
            List<Callable<JdbcRegistry>> starts =
                    java.util.Collections.nCopies(4, () -> JdbcRegistry.migrate(database));
            for (Future<JdbcRegistry> started : nodes.invokeAll(starts, 60, TimeUnit.SECONDS)) {
                started.get();
            }
        } finally {
            nodes.shutdownNow();
        }

        assertEquals(List.of(), JdbcRegistry.migrate(database).list());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void storesTokenMetadataAndNeverItsString(String name, DataSource database) throws TokenRejectedException {
        JdbcRegistry registry = JdbcRegistry.migrate(database);
        KeyRing keys = KeyRing.open(registry, ENCRYPTION, "RS256", CLOCK);
        TokenService tokens = service(registry, keys);
        Instant expiry = Instant.now().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS);

        IssuedToken issued =
                tokens.create(new NewToken("ci-reader", "group=A, tier!=gpu", null, "read", "GRA", expiry));

        TokenRecord stored = tokens.get(issued.token().id()).orElseThrow();
        assertEquals(issued.token(), stored);
        assertEquals("ci-reader", stored.name());
        assertEquals("group=A,tier!=gpu", stored.selector().toString());
        assertEquals(1, stored.generation());
        assertEquals(expiry, stored.expiresAt());
        assertEquals(List.of(stored), tokens.list());
        TokenClaims claims = verifier(keys).verify(issued.tokenString());
        assertEquals(stored.id(), claims.id());
        assertEquals(1, claims.generation());
        assertFalse(stored.toString().contains(issued.tokenString()));
        assertEquals("IssuedToken[id=" + stored.id() + ", generation=1]", issued.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void noColumnOfAnyRowHoldsATokenStringOrItsSignature(String name, DataSource database) throws SQLException {
        JdbcRegistry registry = JdbcRegistry.migrate(database);
        KeyRing keys = KeyRing.open(registry, ENCRYPTION, "RS256", CLOCK);
        TokenService tokens = service(registry, keys);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        registry.register(new AppRecord(
                UUID.randomUUID(), "ai-app", "GRA", Map.of("group", "A"), null, AppStatus.RUNNING, now, now));
        List<String> issued = new ArrayList<>();
        IssuedToken reader =
                tokens.create(new NewToken("ci-reader", "group=A", null, "read", "GRA", now.plus(Duration.ofDays(1))));
        IssuedToken operator =
                tokens.create(new NewToken("ops", "labelgate/id=" + UUID.randomUUID(), false, "operator", "GRA", null));
        IssuedToken everywhere = tokens.create(new NewToken("audit", null, true, "read", "GRA", null));
        issued.add(reader.tokenString());
        issued.add(operator.tokenString());
        issued.add(everywhere.tokenString());
        issued.add(tokens.regenerate(reader.token().id()).orElseThrow().tokenString());
        issued.add(tokens.regenerate(reader.token().id()).orElseThrow().tokenString());
        issued.add(tokens.regenerate(operator.token().id()).orElseThrow().tokenString());
        issued.add(tokens.replace(new NewToken("demo", "group=A", null, "read", "GRA", null), "demo-x")
                .tokenString());
        issued.add(tokens.replace(new NewToken("demo", "group=B", null, "read", "GRA", null), "demo-x")
                .tokenString());
        registry.touch(everywhere.token().id(), now);
        List<String> secrets = new ArrayList<>();
        for (String token : issued) {
            String[] segments = token.split("\\.");
            assertEquals(3, segments.length, "a compact JWS: header.payload.signature");
            secrets.add(token);
            secrets.add(segments[2]);
        }

        Map<String, List<Map<String, String>>> rows = everyRowOfEveryTable(database);

        assertTrue(
                rows.keySet()
                        .containsAll(List.of(
                                "labelgate_token", "labelgate_app", "labelgate_signing_key", "labelgate_session")),
                () -> "tables read: " + rows.keySet());
        assertEquals(4, rows.get("labelgate_token").size(), "the tokens were stored");
        List<String> leaks = new ArrayList<>();
        rows.forEach((table, tableRows) -> tableRows.forEach(row -> row.forEach((column, value) -> {
            for (int i = 0; i < secrets.size(); i++) {
                if (value != null && value.contains(secrets.get(i))) {
                    leaks.add(table + "." + column + " holds " + (i % 2 == 0 ? "token string #" : "the signature of #")
                            + i / 2);
                }
            }
        })));
        assertEquals(List.of(), leaks);
    }

    /** Every column of every row of every table in the registry's schema, by lower-case table and column name. */
    private static Map<String, List<Map<String, String>>> everyRowOfEveryTable(DataSource database)
            throws SQLException {
        Map<String, List<Map<String, String>>> tables = new TreeMap<>();
        try (Connection connection = database.getConnection()) {
            List<String> names = new ArrayList<>();
            try (ResultSet found = connection.getMetaData().getTables(null, connection.getSchema(), "%", null)) {
                while (found.next()) {
                    if (found.getString("TABLE_TYPE").endsWith("TABLE")) {
                        names.add(found.getString("TABLE_NAME"));
                    }
                }
            }
            for (String table : names) {
                List<Map<String, String>> rows = new ArrayList<>();
                try (Statement statement = connection.createStatement();
                        ResultSet result = statement.executeQuery("SELECT * FROM \"" + table + "\"")) {
                    ResultSetMetaData columns = result.getMetaData();
                    while (result.next()) {
                        Map<String, String> row = new TreeMap<>();
                        for (int column = 1; column <= columns.getColumnCount(); column++) {
                            row.put(columns.getColumnName(column).toLowerCase(Locale.ROOT), result.getString(column));
                        }
                        rows.add(row);
                    }
                }
                tables.put(table.toLowerCase(Locale.ROOT), rows);
            }
        }
        return tables;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void regenerateIncrementsTheGenerationAndDeleteRemovesTheToken(String name, DataSource database)
            throws TokenRejectedException {
        JdbcRegistry registry = JdbcRegistry.migrate(database);
        KeyRing keys = KeyRing.open(registry, ENCRYPTION, "RS256", CLOCK);
        TokenService tokens = service(registry, keys);
        IssuedToken first =
                tokens.create(new NewToken("op", "labelgate/id=" + UUID.randomUUID(), false, "operator", "GRA", null));

        IssuedToken second = tokens.regenerate(first.token().id()).orElseThrow();

        assertEquals(2, second.token().generation());
        assertEquals(2, verifier(keys).verify(second.tokenString()).generation());
        assertNotEquals(first.tokenString(), second.tokenString());
        assertTrue(tokens.delete(first.token().id()));
        assertEquals(Optional.empty(), tokens.get(first.token().id()));
        assertFalse(tokens.delete(first.token().id()));
        assertEquals(Optional.empty(), tokens.regenerate(first.token().id()));
    }

    static Stream<Arguments> badRequests() {
        Instant past = Instant.now().minusSeconds(60);
        return Stream.of(
                arguments(new NewToken(null, "group=A", null, "read", "GRA", null), "name", "required, e.g. ci-reader"),
                arguments(
                        new NewToken("x".repeat(101), "group=A", null, "read", "GRA", null),
                        "name",
                        "at most 100 characters"),
                arguments(
                        new NewToken("a\nb", "group=A", null, "read", "GRA", null),
                        "name",
                        "must not contain control characters"),
                arguments(new NewToken("n", "group=A", null, "admin", "GRA", null), "role", "must be read or operator"),
                arguments(new NewToken("n", "group=A", null, null, "GRA", null), "role", "must be read or operator"),
                arguments(new NewToken("n", "group=A", null, "read", null, null), "region", "required, e.g. GRA"),
                arguments(
                        new NewToken("n", "group=A", null, "read", "G RA", null),
                        "region",
                        "region must be 1-32 letters, digits or '-', starting with a letter or digit"),
                arguments(
                        new NewToken("n", "group in (A", null, "read", "GRA", null),
                        "selector",
                        parseError("group in (A")),
                arguments(
                        new NewToken("n", "", null, "read", "GRA", null),
                        "selector",
                        "required: a token without selectors matches no app (set allApps to true to match every app)"),
                arguments(
                        new NewToken("n", null, false, "read", "GRA", null),
                        "selector",
                        "required: a token without selectors matches no app (set allApps to true to match every app)"),
                arguments(
                        new NewToken("n", "group=A", true, "read", "GRA", null),
                        "selector",
                        "must be empty when allApps is true"),
                arguments(
                        new NewToken("n", "group=A", null, "read", "GRA", past), "expiresAt", "must be in the future"),
                arguments(
                        new NewToken("n", "group=A", null, "read", "GRA", Instant.parse("+10000-01-01T00:00:00Z")),
                        "expiresAt",
                        "must be no later than 9999-12-31T23:59:59Z"),
                arguments(
                        new NewToken("n", "group=A", null, "read", "GRA", Instant.MAX),
                        "expiresAt",
                        "must be no later than 9999-12-31T23:59:59Z"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void tokenExpiringAtTheLatestAcceptedSecondIsIssuedAndVerifies(String name, DataSource database)
            throws TokenRejectedException {
        JdbcRegistry registry = JdbcRegistry.migrate(database);
        KeyRing keys = KeyRing.open(registry, ENCRYPTION, "RS256", CLOCK);

        IssuedToken issued = service(registry, keys)
                .create(new NewToken("far", "group=A", null, "read", "GRA", TokenService.LATEST_EXPIRY));

        assertEquals(
                TokenService.LATEST_EXPIRY,
                verifier(keys).verify(issued.tokenString()).expiresAt());
        assertEquals(
                TokenService.LATEST_EXPIRY,
                registry.find(issued.token().id()).orElseThrow().expiresAt());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void replacingATokenTakesTheNextGenerationSoItsEarlierStringsStayRevoked(String name, DataSource database)
            throws TokenRejectedException {
        JdbcRegistry registry = JdbcRegistry.migrate(database);
        KeyRing keys = KeyRing.open(registry, ENCRYPTION, "RS256", CLOCK);
        TokenService tokens = service(registry, keys);
        IssuedToken first = tokens.replace(new NewToken("demo", "group=A", null, "read", "GRA", null), "demo-x");
        assertEquals(1, first.token().generation());

        IssuedToken second = tokens.replace(new NewToken("demo 2", "group=B", null, "operator", "BHS", null), "demo-x");

        assertEquals(2, second.token().generation());
        TokenRecord stored = registry.find("demo-x").orElseThrow();
        assertEquals(
                List.of("demo 2", "group=B", "operator", "BHS", 2L),
                List.of(
                        stored.name(),
                        stored.selector().toString(),
                        stored.role().wireName(),
                        stored.region(),
                        stored.generation()));
        assertEquals(2, verifier(keys).verify(second.tokenString()).generation());
        assertEquals(1, tokens.list().size());
    }

    private static String parseError(String selector) {
        try {
            Selector.parse(selector);
            throw new AssertionError(selector + " parsed");
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    @ParameterizedTest(name = "{1}: {2}")
    @MethodSource("badRequests")
    void refusesABadRequestNamingTheFieldAndWritesNothing(NewToken request, String field, String reason) {
        JdbcRegistry registry = JdbcRegistry.migrate(TestDataSources.h2());
        TokenService tokens = service(registry, KeyRing.open(registry, ENCRYPTION, "RS256", CLOCK));

        TokenValidationException refused = assertThrows(TokenValidationException.class, () -> tokens.create(request));

        assertEquals(field, refused.field());
        assertEquals(reason, refused.reason());
        assertEquals(List.of(), tokens.list());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void allAppsTokenCarriesNoSelector(String name, DataSource database) throws TokenRejectedException {
        JdbcRegistry registry = JdbcRegistry.migrate(database);
        KeyRing keys = KeyRing.open(registry, ENCRYPTION, "RS256", CLOCK);

        IssuedToken issued =
                service(registry, keys).create(new NewToken("everything", null, true, "read", "GRA", null));

        TokenClaims claims = verifier(keys).verify(issued.tokenString());
        assertTrue(claims.allApps());
        assertTrue(claims.selector().isEmpty());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void rotatedKeySignsWhileTheOldOneVerifiesUntilRetired(String name, DataSource database)
            throws TokenRejectedException {
        JdbcRegistry registry = JdbcRegistry.migrate(database);
        KeyRing keys = KeyRing.open(registry, ENCRYPTION, "RS256", CLOCK);
        TokenService tokens = service(registry, keys);
        String oldKid = keys.signingKey().keyId();
        IssuedToken before = tokens.create(new NewToken("n", "group=A", null, "read", "GRA", null));

        String newKid = keys.rotate(Actor.LABELGATE);
        IssuedToken after = tokens.create(new NewToken("n", "group=A", null, "read", "GRA", null));

        assertEquals(newKid, keys.signingKey().keyId());
        assertEquals(2, registry.signingKeys().size());
        assertEquals(
                before.token().id(), verifier(keys).verify(before.tokenString()).id());
        assertEquals(
                after.token().id(), verifier(keys).verify(after.tokenString()).id());
        assertTrue(keys.retire(oldKid, Actor.LABELGATE));
        assertEquals(
                "token signed by an unknown key",
                assertThrows(TokenRejectedException.class, () -> verifier(keys).verify(before.tokenString()))
                        .getMessage());
        assertFalse(keys.jwks().contains(oldKid));
        assertTrue(keys.jwks().contains(newKid));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aSecondNodeVerifiesTokensSignedByAKeyTheFirstNodeRotatedIn(String name, DataSource database) throws Exception {
        JdbcRegistry registry = JdbcRegistry.migrate(database);
        KeyRing nodeA = KeyRing.open(registry, ENCRYPTION, "RS256", CLOCK);
        KeyRing nodeB = KeyRing.open(JdbcRegistry.migrate(database), ENCRYPTION, "RS256", CLOCK);
        nodeA.rotate(Actor.LABELGATE);

        IssuedToken issued = service(registry, nodeA).create(new NewToken("n", "group=A", null, "read", "GRA", null));

        // node B reloads its keys on an unknown kid, at most once a second
        Instant deadline = Instant.now().plusSeconds(10);
        TokenRejectedException last = null;
        while (Instant.now().isBefore(deadline)) {
            try {
                assertEquals(
                        issued.token().id(),
                        verifier(nodeB).verify(issued.tokenString()).id());
                return;
            } catch (TokenRejectedException e) {
                last = e;
                Thread.sleep(100);
            }
        }
        throw new AssertionError("node B never learnt node A's key", last);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void privateKeysAreStoredEncryptedAndDoNotDecryptWithAnotherKey(String name, DataSource database) {
        JdbcRegistry registry = JdbcRegistry.migrate(database);
        KeyRing keys = KeyRing.open(registry, ENCRYPTION, "RS256", CLOCK);
        StoredSigningKey stored = registry.signingKeys().get(0);

        assertFalse(stored.encryptedPrivateJwk().contains("\"d\""));
        KeyRing withAnotherKey =
                KeyRing.open(registry, KeyEncryption.fromBase64(KeyEncryption.generateBase64()), "RS256", CLOCK);
        IllegalStateException refused = assertThrows(IllegalStateException.class, withAnotherKey::signingKey);
        assertEquals(
                "the stored private key of " + keys.signingKey().keyId()
                        + " does not decrypt with labelgate.keys.encryption-key: was the key changed?",
                refused.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void reRegisteringAnAppUpdatesItsLabelsAndKeepsItsStatus(String name, DataSource database) {
        JdbcRegistry registry = JdbcRegistry.migrate(database);
        UUID id = UUID.randomUUID();
        Instant first = Instant.parse("2026-01-01T00:00:00Z");
        Instant second = Instant.parse("2026-02-01T00:00:00Z");

        registry.register(
                new AppRecord(id, "ai-app", "GRA", Map.of("group", "A"), null, AppStatus.RUNNING, first, first));
        registry.register(new AppRecord(
                id,
                "ai-app",
                "GRA",
                Map.of("group", "B", "labelgate/id", id.toString()),
                "http://127.0.0.1:8080/ai-app/",
                AppStatus.RUNNING,
                second,
                second));

        assertEquals(
                List.of(new AppRecord(
                        id,
                        "ai-app",
                        "GRA",
                        Map.of("group", "B", "labelgate/id", id.toString()),
                        "http://127.0.0.1:8080/ai-app/",
                        AppStatus.RUNNING,
                        first,
                        second)),
                registry.apps());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void listsNewestTokensFirst(String name, DataSource database) {
        JdbcRegistry registry = JdbcRegistry.migrate(database);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Instant created = Instant.parse("2026-01-0" + (i + 1) + "T00:00:00Z");
            String id = "tok-" + i;
            registry.insert(
                    new TokenRecord(
                            id, "n" + i, Selector.parse("group=A"), false, Role.READ, "GRA", 1, created, null, null),
                    Actor.APPLICATION);
            ids.add(0, id);
        }

        assertEquals(ids, registry.list().stream().map(TokenRecord::id).toList());
    }
}
