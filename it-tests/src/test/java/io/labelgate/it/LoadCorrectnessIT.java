package io.labelgate.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.labelgate.it.Traffic.Aim;
import io.labelgate.it.Traffic.Shot;
import io.labelgate.registry.JdbcRegistry;
import io.labelgate.registry.KeyEncryption;
import io.labelgate.registry.KeyRing;
import io.labelgate.registry.NewToken;
import io.labelgate.registry.TokenService;
import io.labelgate.selector.Selector;
import io.labelgate.token.JwtSettings;
import io.labelgate.token.Role;
import io.labelgate.token.SigningKey;
import io.labelgate.token.TokenClaims;
import io.labelgate.token.TokenIssuer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.ds.PGSimpleDataSource;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Load with correctness: at least 100,000 requests from 64 clients against three nodes of the
 * sample on one PostgreSQL registry, with valid, forged, wrong-scope and revoked tokens mixed —
 * among them 10,000 registered tokens chosen at random, so most token states are read on first
 * sight during the run and then kept current by the change feed — while tokens are regenerated
 * and deleted on node A. Every answer is judged afterwards:
 *
 * <ul>
 *   <li>no allowed-invalid, ever: a forged, wrong-scope or revoked string is never let through, and
 *       a string whose revocation was acknowledged is refused by both nodes once the revocation
 *       bound has passed;</li>
 *   <li>no denied-valid: a string answered before its revocation was even sent is let through;</li>
 *   <li>no 5xx and no failed request;</li>
 *   <li>the live heap of each node after the run is within a small margin of the one measured
 *       after a warm-up that showed every registered token to every node, so the caches were
 *       already at their steady-state size (full GC before each reading).</li>
 * </ul>
 *
 * The request count and concurrency can be raised with {@code -Dlabelgate.it.load.requests} and
 * {@code -Dlabelgate.it.load.clients}.
 */
class LoadCorrectnessIT {

    private static final long REQUESTS = Long.getLong("labelgate.it.load.requests", 100_000);
    private static final int CLIENTS = Integer.getInteger("labelgate.it.load.clients", 64);
    private static final long WARM_UP_REQUESTS = 20_000;
    /** {@code labelgate.revocation.max-staleness}, the default the nodes run with. */
    private static final Duration BOUND = Duration.ofSeconds(2);
    /**
     * A registry read that started just before a revocation committed can be cached just after it
     * was acknowledged; the bound counts from that write.
     */
    private static final Duration READ_IN_FLIGHT = Duration.ofMillis(200);

    private static final long HEAP_GROWTH_ALLOWED = 48L * 1024 * 1024;
    private static final int CHURN_SLOTS = 8;
    /** Registered tokens in the mix, each used now and then, as in a deployment with many clients. */
    private static final int REGISTERED = Integer.getInteger("labelgate.it.load.tokens", 10_000);

    @RegisterExtension
    static final PayaraCluster CLUSTER = new PayaraCluster(3);

    /** What a string is, and so what every answer to it must be. */
    enum Kind {
        VALID,
        WRONG_SCOPE,
        WRONG_REGION,
        FORGED,
        REVOKED,
        CHURNING
    }

    /**
     * One token string under test. A churning string is valid from its creation until its
     * regenerate or delete is sent, and must be refused once that was acknowledged plus the bound.
     */
    static final class Target {
        final Kind kind;
        final String token;
        final AtomicLong revocationSent = new AtomicLong(Long.MAX_VALUE);
        final AtomicLong revocationAcknowledged = new AtomicLong(Long.MAX_VALUE);

        Target(Kind kind, String token) {
            this.kind = kind;
            this.token = token;
            IssuedSecrets.record(token);
        }
    }

    private static PayaraMicroProcess nodeA() {
        return CLUSTER.node(0);
    }

    private static PayaraMicroProcess nodeB() {
        return CLUSTER.node(1);
    }

    private static PayaraMicroProcess nodeC() {
        return CLUSTER.node(2);
    }

    /**
     * Many valid tokens, registered straight through the registry (as another node's admin API
     * would) and signed with the cluster's own key: 10,000 creates over HTTP would take minutes.
     */
    private static List<Target> registeredTargets(int count) throws Exception {
        PGSimpleDataSource database = new PGSimpleDataSource();
        database.setURL(SharedRegistry.url());
        database.setUser(SharedRegistry.USER);
        database.setPassword(SharedRegistry.PASSWORD);
        JdbcRegistry registry = JdbcRegistry.migrate(database);
        KeyRing keys = KeyRing.open(
                registry, KeyEncryption.fromBase64(SharedRegistry.ENCRYPTION_KEY), "RS256", Clock.systemUTC());
        TokenIssuer issuer = new TokenIssuer(keys.signingKey(), JwtSettings.defaults());
        TokenService tokens = new TokenService(registry, () -> issuer, Clock.systemUTC());
        ExecutorService creators = Executors.newFixedThreadPool(4);
        try {
            List<Future<Target>> created = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String selector = i % 2 == 0 ? "group=A" : "group in (A, B)";
                created.add(creators.submit(() -> new Target(
                        Kind.VALID,
                        tokens.create(new NewToken("load", selector, null, "read", "GRA", null))
                                .tokenString())));
            }
            List<Target> targets = new ArrayList<>();
            for (Future<Target> target : created) {
                targets.add(target.get(5, TimeUnit.MINUTES));
            }
            return targets;
        } finally {
            creators.shutdownNow();
        }
    }

    @Test
    void everyDecisionIsRightUnderLoadWhileTokensChange() throws Exception {
        AdminApi admin = new AdminApi(nodeA().uri("/"));
        List<Target> fixed = fixedTargets(admin);
        List<Target> registered = registeredTargets(REGISTERED);
        AtomicReferenceArray<Target> current = new AtomicReferenceArray<>(CHURN_SLOTS);
        AtomicReferenceArray<String> ids = new AtomicReferenceArray<>(CHURN_SLOTS);
        List<Target> churned = new CopyOnWriteArrayList<>();
        for (int slot = 0; slot < CHURN_SLOTS; slot++) {
            AdminApi.Created created = admin.read("group=A");
            Target target = new Target(Kind.CHURNING, created.token());
            ids.set(slot, created.id());
            current.set(slot, target);
            churned.add(target);
        }
        URI[] nodes = {nodeA().uri("/"), nodeB().uri("/"), nodeC().uri("/")};
        Function<ThreadLocalRandom, Aim<Target>> aim = random -> {
            int dice = random.nextInt(100);
            Target target = dice < 30
                    ? (random.nextBoolean()
                            ? current.get(random.nextInt(CHURN_SLOTS))
                            : churned.get(random.nextInt(churned.size())))
                    : dice < 70
                            ? registered.get(random.nextInt(registered.size()))
                            : fixed.get(random.nextInt(fixed.size()));
            return new Aim<>(nodes[random.nextInt(nodes.length)], target.token, target);
        };

        // Every registered token once on every node first, so the caches hold their steady-state
        // population when the heap is read: growth after that is what a leak would show.
        AtomicInteger swept = new AtomicInteger();
        Function<ThreadLocalRandom, Aim<Target>> sweep = random -> {
            int shot = Math.floorMod(swept.getAndIncrement(), registered.size() * nodes.length);
            Target target = registered.get(shot / nodes.length);
            return new Aim<>(nodes[shot % nodes.length], target.token, target);
        };
        List<Shot<Target>> warmUp = new ArrayList<>(run(sweep, (long) registered.size() * nodes.length, null));
        warmUp.addAll(run(aim, WARM_UP_REQUESTS, null));
        long heapA = nodeA().liveHeapBytes();
        long heapB = nodeB().liveHeapBytes();
        long heapC = nodeC().liveHeapBytes();

        Churn churn = new Churn(admin, current, ids, churned);
        long started = System.nanoTime();
        List<Shot<Target>> shots = run(aim, REQUESTS, churn);
        double seconds = (System.nanoTime() - started) / 1e9;
        long heapAfterA = nodeA().liveHeapBytes();
        long heapAfterB = nodeB().liveHeapBytes();
        long heapAfterC = nodeC().liveHeapBytes();

        Verdict verdict = judge(warmUp, shots);
        System.out.printf(
                "LoadCorrectnessIT: %d requests (+%d warm-up) from %d clients to 3 nodes, %d registered "
                        + "tokens in the mix, in %.1f s (%.0f/s), %d regenerates and %d deletes during them; "
                        + "statuses %s; %d wrong decisions; slowest %d ms; live heap A %d -> %d MiB, B %d -> %d MiB, "
                        + "C %d -> %d MiB%n",
                shots.size(),
                warmUp.size(),
                CLIENTS,
                registered.size(),
                seconds,
                shots.size() / seconds,
                churn.regenerated,
                churn.deleted,
                verdict.statuses,
                verdict.wrong.size(),
                verdict.slowestMillis,
                heapA >> 20,
                heapAfterA >> 20,
                heapB >> 20,
                heapAfterB >> 20,
                heapC >> 20,
                heapAfterC >> 20);

        assertEquals(REQUESTS, shots.size(), "every request of the budget was sent and answered");
        assertTrue(churn.regenerated + churn.deleted >= 20, "tokens changed during the load");
        assertEquals(List.of(), verdict.wrong.stream().limit(20).toList(), "wrong decisions");
        assertEquals(0, verdict.serverErrorsOrFailures, "5xx answers or failed requests: " + verdict.statuses);
        assertTrue(
                verdict.statuses.getOrDefault(200, 0L) > REQUESTS / 4, "enough allowed requests: " + verdict.statuses);
        assertTrue(heapAfterA <= heapA + HEAP_GROWTH_ALLOWED, "node A live heap " + heapA + " -> " + heapAfterA);
        assertTrue(heapAfterB <= heapB + HEAP_GROWTH_ALLOWED, "node B live heap " + heapB + " -> " + heapAfterB);
        assertTrue(heapAfterC <= heapC + HEAP_GROWTH_ALLOWED, "node C live heap " + heapC + " -> " + heapAfterC);

        // who can reach the app, decided on every token of the registry: the figure README quotes
        long asked = System.nanoTime();
        HttpResponse<String> access =
                Http.get(nodeA().uri("/labelgate/api/app/access"), "Authorization", "Bearer " + AdminApi.SECRET);
        long requestMillis = (System.nanoTime() - asked) / 1_000_000;
        assertEquals(200, access.statusCode(), access::body);
        JsonNode review = AdminApi.parse(access.body());
        System.out.printf(
                "LoadCorrectnessIT: access review on node A of %d tokens (PostgreSQL, embedded engine): %d ms on the "
                        + "server, %d ms for the request; %d may read, %d may manage%n",
                review.get("reviewed").asInt(),
                review.get("tookMillis").asLong(),
                requestMillis,
                review.get("read").size(),
                review.get("manage").size());
        assertTrue(review.get("reviewed").asInt() >= REGISTERED, "every registered token reviewed");
        assertTrue(review.get("read").size() >= REGISTERED, "every registered token (group=A, read) may read");
    }

    /** Valid, wrong-scope, wrong-region, forged and revoked strings that never change during the run. */
    private static List<Target> fixedTargets(AdminApi admin) {
        List<Target> targets = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            targets.add(new Target(Kind.VALID, admin.read("group=A").token()));
        }
        targets.add(new Target(Kind.VALID, admin.read("group in (A, B)").token()));
        targets.add(new Target(Kind.VALID, admin.operator("!missing").token()));
        for (int i = 0; i < 3; i++) {
            targets.add(new Target(Kind.WRONG_SCOPE, admin.read("group=B").token()));
        }
        targets.add(new Target(Kind.WRONG_SCOPE, admin.read("group notin (A)").token()));
        targets.add(new Target(
                Kind.WRONG_REGION, admin.create("read", "BHS", "group=A").token()));
        targets.add(new Target(Kind.FORGED, tampered(admin.read("group=B").token())));
        targets.add(new Target(
                Kind.FORGED,
                new TokenIssuer(SigningKey.generate("RS256"), JwtSettings.defaults())
                        .issue(Tokens.claims(
                                Role.READ, "GRA", "group=A", Tokens.now().plusSeconds(3600)))));
        Instant issued = Tokens.now().minus(Duration.ofHours(2));
        targets.add(new Target(
                Kind.FORGED,
                Tokens.ISSUER.issue(new TokenClaims(
                        UUID.randomUUID().toString(),
                        1,
                        Role.READ,
                        "GRA",
                        Selector.parse("group=A"),
                        false,
                        issued,
                        issued.plus(Duration.ofHours(1))))));
        targets.add(new Target(
                Kind.FORGED,
                Tokens.ISSUER.issue(Tokens.claims(
                        Role.READ, "GRA", "group=A", Tokens.now().plusSeconds(3600))))); // unknown to the registry
        for (int i = 0; i < 3; i++) {
            AdminApi.Created doomed = admin.read("group=A");
            assertEquals(204, admin.delete(doomed.id()).statusCode());
            targets.add(new Target(Kind.REVOKED, doomed.token()));
        }
        return targets;
    }

    private static String tampered(String token) {
        String[] parts = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("group=B", "group=A");
        return parts[0] + "."
                + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "."
                + parts[2];
    }

    private static List<Shot<Target>> run(Function<ThreadLocalRandom, Aim<Target>> aim, long requests, Churn churn)
            throws Exception {
        try (Traffic traffic = Traffic.start(CLIENTS, requests, aim)) {
            Thread changer = null;
            if (churn != null) {
                changer = new Thread(() -> churn.run(traffic), "churn");
                changer.start();
            }
            List<Shot<Target>> shots = traffic.await(Duration.ofMinutes(10));
            if (changer != null) {
                churn.stop();
                changer.join(TimeUnit.SECONDS.toMillis(30));
                assertEquals(null, churn.failure, "the admin API kept working during the load");
            }
            return shots;
        }
    }

    /** Regenerates (mostly) or deletes-and-recreates one churning token every ~100 ms, on node A. */
    private static final class Churn {
        private final AdminApi admin;
        private final AtomicReferenceArray<Target> current;
        private final AtomicReferenceArray<String> ids;
        private final List<Target> churned;
        private volatile boolean running = true;
        volatile Throwable failure;
        int regenerated;
        int deleted;

        Churn(
                AdminApi admin,
                AtomicReferenceArray<Target> current,
                AtomicReferenceArray<String> ids,
                List<Target> churned) {
            this.admin = admin;
            this.current = current;
            this.ids = ids;
            this.churned = churned;
        }

        void stop() {
            running = false;
        }

        void run(Traffic traffic) {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            try {
                while (running) {
                    int slot = random.nextInt(CHURN_SLOTS);
                    Target old = current.get(slot);
                    old.revocationSent.set(System.nanoTime());
                    if (random.nextInt(10) < 7) {
                        HttpResponse<String> response = admin.regenerate(ids.get(slot));
                        old.revocationAcknowledged.set(System.nanoTime());
                        assertEquals(200, response.statusCode(), response::body);
                        replace(
                                slot,
                                AdminApi.parse(response.body()).get("token").textValue(),
                                ids.get(slot));
                        regenerated++;
                    } else {
                        HttpResponse<String> response = admin.delete(ids.get(slot));
                        old.revocationAcknowledged.set(System.nanoTime());
                        assertEquals(204, response.statusCode(), response::body);
                        AdminApi.Created created = admin.read("group=A");
                        replace(slot, created.token(), created.id());
                        deleted++;
                    }
                    Thread.sleep(50 + random.nextInt(100));
                }
            } catch (Throwable e) {
                failure = e;
                traffic.stop();
            }
        }

        private void replace(int slot, String token, String id) {
            Target fresh = new Target(Kind.CHURNING, token);
            ids.set(slot, id);
            churned.add(fresh);
            current.set(slot, fresh);
        }
    }

    private record Verdict(
            List<String> wrong, Map<Integer, Long> statuses, long serverErrorsOrFailures, long slowestMillis) {}

    private static Verdict judge(List<Shot<Target>> warmUp, List<Shot<Target>> shots) {
        List<String> wrong = new ArrayList<>();
        Map<Integer, Long> statuses = new TreeMap<>();
        long errors = 0;
        long slowest = 0;
        List<Shot<Target>> all = new ArrayList<>(warmUp);
        all.addAll(shots);
        for (Shot<Target> shot : all) {
            statuses.merge(shot.status(), 1L, Long::sum);
            slowest = Math.max(slowest, shot.millis());
            if (shot.failed() || shot.status() >= 500) {
                errors++;
                continue;
            }
            String mistake = mistake(shot);
            if (mistake != null) {
                wrong.add(mistake);
            }
        }
        return new Verdict(wrong, statuses, errors, slowest);
    }

    /** What was wrong with this answer, or null when it is right. */
    private static String mistake(Shot<Target> shot) {
        Target target = shot.target();
        boolean allowed = shot.status() == 200;
        if (allowed && !"Hello, World!".equals(shot.body())) {
            return target.kind + " got 200 with an unexpected body";
        }
        return switch (target.kind) {
            case VALID -> allowed ? null : "VALID string denied with " + shot.status();
            case WRONG_SCOPE, WRONG_REGION ->
                shot.status() == 403 ? null : target.kind + " string answered " + shot.status() + " instead of 403";
            case FORGED, REVOKED ->
                shot.status() == 401 ? null : target.kind + " string answered " + shot.status() + " instead of 401";
            case CHURNING -> churning(shot, target, allowed);
        };
    }

    private static String churning(Shot<Target> shot, Target target, boolean allowed) {
        if (!allowed && shot.status() != 401) {
            return "CHURNING string answered " + shot.status();
        }
        if (!allowed && shot.answeredNanos() < target.revocationSent.get()) {
            return "CHURNING string denied before its revocation was sent";
        }
        long refusedFrom = target.revocationAcknowledged.get() == Long.MAX_VALUE
                ? Long.MAX_VALUE
                : target.revocationAcknowledged.get()
                        + BOUND.plus(READ_IN_FLIGHT).toNanos();
        if (allowed && shot.sentNanos() > refusedFrom) {
            return "CHURNING string allowed "
                    + TimeUnit.NANOSECONDS.toMillis(shot.sentNanos() - target.revocationAcknowledged.get())
                    + " ms after its revocation was acknowledged";
        }
        return null;
    }
}
