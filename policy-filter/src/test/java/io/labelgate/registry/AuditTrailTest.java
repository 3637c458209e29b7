package io.labelgate.registry;

import io.labelgate.token.JwtSettings;
import io.labelgate.token.TokenIssuer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The audit trail on H2 and, under scripts/test.sh, on PostgreSQL: every change written with its
 * entry in one transaction, none for a change that failed, read back filtered and paged, pruned.
 * Each test acts as an actor of its own, so tests sharing one PostgreSQL database read only theirs.
 */
class AuditTrailTest {

    private static final KeyEncryption ENCRYPTION = KeyEncryption.fromBase64(KeyEncryption.generateBase64());
    private static final NewToken READER = new NewToken("ci-reader", "group=A", false, "read", "GRA", null);

    static Stream<Arguments> databases() {
        return TestDataSources.all().stream()
                .map(source ->
                        arguments(source.getClass().getSimpleName().startsWith("PG") ? "PostgreSQL" : "H2", source));
    }

    private static TokenService service(JdbcRegistry registry) {
        KeyRing keys = KeyRing.open(registry, ENCRYPTION, "ES256", Clock.systemUTC());
        return new TokenService(
                registry, () -> new TokenIssuer(keys.signingKey(), JwtSettings.defaults()), Clock.systemUTC());
    }

    private static Actor alice() {
        return Actor.administrator("alice-" + UUID.randomUUID(), "192.0.2.7");
    }

    private static List<AuditEntry> by(AuditTrail audit, Actor actor) {
        return audit.entries(new AuditQuery(
                        Optional.empty(),
                        Optional.of(actor.name()),
                        Optional.empty(),
                        Optional.empty(),
                        OptionalLong.empty(),
                        AuditQuery.MAX_LIMIT))
                .entries();
    }

    private static List<String> actions(List<AuditEntry> entries) {
        return entries.stream().map(entry -> entry.event().action().wireName()).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void recordsEachTokenChangeWithItsActorNewestFirst(String name, DataSource database) {
        JdbcRegistry registry = JdbcRegistry.migrate(database);
        TokenService tokens = service(registry);
        Actor alice = alice();
        Instant before = Instant.now().minusSeconds(1);

        String id = tokens.create(READER, alice).token().id();
        tokens.regenerate(id, alice);
        assertTrue(tokens.delete(id, alice));

        List<AuditEntry> entries = by(registry, alice);
        assertEquals(List.of("token.deleted", "token.regenerated", "token.created"), actions(entries));
        for (AuditEntry entry : entries) {
            assertEquals(id, entry.event().target());
            assertEquals(alice, entry.event().actor());
            assertEquals(AuditEntry.Outcome.SUCCEEDED, entry.outcome());
            assertFalse(entry.at().isBefore(before), entry.at() + " is before the test began");
        }
        assertEquals(Optional.of("read, GRA, group=A"), entries.get(2).event().detail());
        assertEquals(Optional.of("generation 2"), entries.get(1).event().detail());
        assertEquals(Optional.of("192.0.2.7"), entries.get(0).event().actor().address());
        assertTrue(entries.get(0).id() > entries.get(1).id(), "later entries have larger ids");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void writesNoEntryForAChangeThatDidNotHappen(String name, DataSource database) {
        JdbcRegistry registry = JdbcRegistry.migrate(database);
        TokenService tokens = service(registry);
        Actor alice = alice();
        String id = "audit-" + UUID.randomUUID();

        tokens.create(READER, id);
        // the same id again: the insert fails, and its entry goes with it
        TokenRecord again = new TokenRecord(
                id,
                "again",
                io.labelgate.selector.Selector.parse("group=A"),
                false,
                io.labelgate.token.Role.READ,
                "GRA",
                1,
                Instant.now(),
                null,
                null);
        assertThrows(RegistryUnavailableException.class, () -> registry.insert(again, alice));
        assertFalse(tokens.delete("no-such-" + id, alice));
        assertTrue(tokens.regenerate("no-such-" + id, alice).isEmpty());

        assertEquals(List.of(), by(registry, alice));
    }

    @Test
    void aChangeWhoseEntryCannotBeWrittenIsRolledBack() throws Exception {
        DataSource database = TestDataSources.h2();
        JdbcRegistry registry = JdbcRegistry.migrate(database);
        TokenService tokens = service(registry);
        String kept = tokens.create(READER, alice()).token().id();
        try (Connection connection = database.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE labelgate_audit");
        }

        assertThrows(RegistryUnavailableException.class, () -> tokens.create(READER, alice()));
        assertThrows(RegistryUnavailableException.class, () -> tokens.delete(kept, alice()));

        assertEquals(List.of(kept), tokens.list().stream().map(TokenRecord::id).toList());
        assertEquals(1, tokens.get(kept).orElseThrow().generation());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void recordsKeysAppsAndSignInsWithTheirTargets(String name, DataSource database) {
        JdbcRegistry registry = JdbcRegistry.migrate(database);
        KeyRing keys = KeyRing.open(registry, ENCRYPTION, "ES256", Clock.systemUTC());
        Actor alice = alice();
        UUID app = UUID.randomUUID();
        registry.register(
                new AppRecord(app, "billing", "GRA", Map.of(), null, AppStatus.RUNNING, Instant.now(), Instant.now()));

        String kid = keys.rotate(alice);
        assertTrue(keys.retire(kid, alice));
        assertFalse(keys.retire(kid, alice));
        registry.setStatus(app, AppStatus.STOPPED, Instant.now(), alice);
        registry.setStatus(app, AppStatus.RUNNING, Instant.now(), alice);
        registry.setStatus(app, AppStatus.DELETED, Instant.now(), alice);
        assertFalse(registry.setStatus(UUID.randomUUID(), AppStatus.STOPPED, Instant.now(), alice));
        registry.insert(
                new BrowserSession(
                        "hash-" + UUID.randomUUID(),
                        null,
                        0,
                        null,
                        "csrf",
                        Instant.now(),
                        Instant.now().plusSeconds(60)),
                AuditEvent.of(alice, AuditAction.ADMIN_SIGNED_IN, "console"));
        registry.record(AuditEvent.of(alice, AuditAction.ADMIN_REFUSED, "admin API"));

        List<AuditEntry> entries = by(registry, alice);
        assertEquals(
                List.of(
                        "admin.refused",
                        "admin.signed-in",
                        "app.deleted",
                        "app.started",
                        "app.stopped",
                        "key.retired",
                        "key.rotated"),
                actions(entries));
        assertEquals(
                List.of("admin API", "console", app.toString(), app.toString(), app.toString(), kid, kid),
                entries.stream().map(entry -> entry.event().target()).toList());
        assertEquals(AuditEntry.Outcome.REFUSED, entries.get(0).outcome());
        assertEquals(AuditEntry.Outcome.SUCCEEDED, entries.get(1).outcome());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void filtersAndPagesNewestFirst(String name, DataSource database) {
        JdbcRegistry registry = JdbcRegistry.migrate(database);
        TokenService tokens = service(registry);
        Actor alice = alice();
        Actor bob = Actor.administrator("bob-" + UUID.randomUUID(), "192.0.2.8");
        String first = tokens.create(READER, alice).token().id();
        String second = tokens.create(READER, alice).token().id();
        tokens.create(READER, bob);
        tokens.delete(first, alice);
        tokens.regenerate(second, alice);
        Instant afterwards = Instant.now().plusSeconds(5);

        AuditQuery deletions = new AuditQuery(
                Optional.empty(),
                Optional.of(alice.name()),
                Optional.empty(),
                Optional.of(AuditAction.TOKEN_DELETED),
                OptionalLong.empty(),
                10);
        assertEquals(List.of(first), targets(registry.entries(deletions)));
        AuditQuery aboutFirst = new AuditQuery(
                Optional.empty(), Optional.empty(), Optional.of(first), Optional.empty(), OptionalLong.empty(), 10);
        assertEquals(
                List.of("token.deleted", "token.created"),
                actions(registry.entries(aboutFirst).entries()));
        AuditQuery later = new AuditQuery(
                Optional.of(afterwards),
                Optional.of(alice.name()),
                Optional.empty(),
                Optional.empty(),
                OptionalLong.empty(),
                10);
        assertEquals(List.of(), registry.entries(later).entries());

        AuditQuery pages = new AuditQuery(
                Optional.empty(),
                Optional.of(alice.name()),
                Optional.empty(),
                Optional.empty(),
                OptionalLong.empty(),
                2);
        AuditTrail.Page one = registry.entries(pages);
        AuditTrail.Page two = registry.entries(new AuditQuery(
                Optional.empty(), Optional.of(alice.name()), Optional.empty(), Optional.empty(), one.next(), 2));
        assertEquals(List.of("token.regenerated", "token.deleted"), actions(one.entries()));
        assertEquals(List.of("token.created", "token.created"), actions(two.entries()));
        assertEquals(OptionalLong.empty(), two.next());
        assertEquals(List.of(second, first), targets(two));
    }

    private static List<String> targets(AuditTrail.Page page) {
        return page.entries().stream().map(entry -> entry.event().target()).toList();
    }

    @Test
    void prunesOnlyEntriesOlderThanTheGivenInstant() {
        JdbcRegistry registry = JdbcRegistry.migrate(TestDataSources.h2());
        TokenService tokens = service(registry);
        Actor alice = alice();
        tokens.create(READER, alice);
        tokens.create(READER, alice);

        assertEquals(0, registry.pruneAudit(Instant.now().minus(Duration.ofMinutes(1))));
        assertEquals(2, by(registry, alice).size());
        // the key ring's first key (by labelgate) and the two tokens
        assertEquals(3, registry.pruneAudit(Instant.now().plusSeconds(1)));
        assertEquals(List.of(), by(registry, alice));
    }

    @Test
    void keepsActorNamesPrintableAndBounded() {
        Actor actor = Actor.administrator("eve\nINFO forged line" + "x".repeat(300), "10.0.0.1\r\n");

        assertEquals(Actor.MAX_NAME_LENGTH, actor.name().length());
        assertTrue(actor.name().startsWith("eve?INFO forged line"), actor.name());
        assertEquals(Optional.of("10.0.0.1??"), actor.address());
        assertEquals("admin-secret", Actor.adminSecret("127.0.0.1").name());
    }

    @Test
    void theApplicationIsTheActorWhenNoneIsNamed() {
        JdbcRegistry registry = JdbcRegistry.migrate(TestDataSources.h2());
        TokenService tokens = service(registry);

        String id = tokens.create(READER).token().id();
        tokens.delete(id);

        List<AuditEntry> entries = by(registry, Actor.APPLICATION);
        assertEquals(List.of("token.deleted", "token.created"), actions(entries));
        assertEquals(Optional.empty(), entries.get(0).event().actor().address());
    }
}
