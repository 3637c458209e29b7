package io.labelgate.bundle;

import com.sun.net.httpserver.HttpServer;
import io.labelgate.config.Secret;
import io.labelgate.decision.Decision;
import io.labelgate.decision.DecisionCache;
import io.labelgate.decision.DecisionEngine;
import io.labelgate.decision.DecisionException;
import io.labelgate.decision.DecisionInput;
import io.labelgate.decision.EmbeddedWasmEngine;
import io.labelgate.decision.OpaServer;
import io.labelgate.decision.ShadowDecisions;
import io.labelgate.selector.Selector;
import io.labelgate.token.Role;
import io.labelgate.token.TokenClaims;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hot reload: bundles fetched from a file and from a real HTTP bundle server that honours ETags,
 * swapped under load, refused ones leaving the running policy in place, and a shadow policy whose
 * disagreements are logged and counted.
 */
@EnabledIfSystemProperty(named = OpaServer.PROPERTY, matches = ".+", disabledReason = OpaServer.NEEDS_OPA)
class PolicyLoaderTest {

    private static final Decision V1 = new Decision(false, List.of("item 13 is closed (v1)"));
    private static final Decision V2 = new Decision(false, List.of("item 13 is closed (v2)"));
    private static final Decision ALLOWED = new Decision(true, List.of());
    private static final String CREDENTIAL = "bundle-server-credential-for-tests";

    @TempDir
    static Path work;

    private static byte[] v1;
    private static byte[] v2;

    private final List<AutoCloseable> closing = new ArrayList<>();

    @BeforeAll
    static void buildBundles() throws Exception {
        v1 = TestBundles.build(work, "v1", Map.of("items.rego", rule("v1")));
        v2 = TestBundles.build(work, "v2", Map.of("items.rego", rule("v2")));
    }

    private static String rule(String version) {
        return "package labelgate.custom\n\ndeny contains \"item 13 is closed (" + version + ")\" if "
                + "input.request.path == \"/api/items/13\"\n";
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable each : closing) {
            each.close();
        }
    }

    private EmbeddedWasmEngine engine(int pool) {
        EmbeddedWasmEngine engine = EmbeddedWasmEngine.awaitingPolicy(pool, Duration.ofSeconds(10));
        closing.add(engine);
        return engine;
    }

    private PolicyLoader loader(BundleSource source, EmbeddedWasmEngine engine) {
        PolicyLoader loader =
                new PolicyLoader("policy", source, Optional.empty(), engine, Duration.ofHours(1), Clock.systemUTC());
        closing.add(loader);
        return loader;
    }

    private static DecisionInput item(int id) {
        return PolicyBundleTest.ask("GET", "/api/items/" + id);
    }

    /** A real HTTP bundle server on loopback: ETag, If-None-Match and 304, a bearer credential. */
    private final class BundleServer implements AutoCloseable {
        private final HttpServer server;
        private volatile byte[] bundle;
        private volatile boolean failing;
        final AtomicInteger full = new AtomicInteger();
        final AtomicInteger notModified = new AtomicInteger();
        final AtomicInteger unauthorized = new AtomicInteger();

        BundleServer(byte[] bundle) throws IOException {
            this.bundle = bundle;
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/bundles/app.tar.gz", exchange -> {
                try (exchange) {
                    if (!("Bearer " + CREDENTIAL)
                            .equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                        unauthorized.incrementAndGet();
                        exchange.sendResponseHeaders(401, -1);
                        return;
                    }
                    if (failing) {
                        exchange.sendResponseHeaders(503, -1);
                        return;
                    }
                    byte[] current = this.bundle;
                    String etag = "\"" + sha256(current) + "\"";
                    exchange.getResponseHeaders().set("ETag", etag);
                    if (etag.equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
                        notModified.incrementAndGet();
                        exchange.sendResponseHeaders(304, -1);
                        return;
                    }
                    full.incrementAndGet();
                    exchange.sendResponseHeaders(200, current.length);
                    try (OutputStream body = exchange.getResponseBody()) {
                        body.write(current);
                    }
                }
            });
            server.start();
            closing.add(this);
        }

        URI url() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/bundles/app.tar.gz");
        }

        void serve(byte[] next) {
            bundle = next;
        }

        void fail(boolean failing) {
            this.failing = failing;
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static BundleSource server(URI url, Optional<Secret> credential) {
        return BundleSource.of(url.toString(), path -> null, credential, Duration.ofSeconds(5));
    }

    @Test
    void aBundleServerIsAskedWithItsEtagAndAnswersNotModifiedUntilTheBundleChanges() throws Exception {
        BundleServer bundles = new BundleServer(v1);
        EmbeddedWasmEngine engine = engine(1);
        PolicyLoader loader = loader(server(bundles.url(), Optional.of(Secret.of(CREDENTIAL))), engine);

        assertTrue(loader.poll(), "the first bundle loads");
        assertEquals(V1, engine.decide(item(13)));
        assertFalse(loader.poll(), "an unchanged bundle is not loaded again");
        assertFalse(loader.poll());
        assertEquals(1, bundles.full.get());
        assertEquals(2, bundles.notModified.get());

        bundles.serve(v2);
        assertTrue(loader.poll(), "a changed bundle is loaded");
        assertEquals(V2, engine.decide(item(13)));
        assertEquals(ALLOWED, engine.decide(item(12)));
        assertEquals(Optional.empty(), loader.status().lastError());
        assertTrue(
                loader.status().running().orElseThrow().startsWith(bundles.url() + " (revision "),
                loader.status().running().orElseThrow());
    }

    @Test
    void whenTheBundleServerIsDownTheLastGoodPolicyKeepsDeciding() throws Exception {
        BundleServer bundles = new BundleServer(v1);
        EmbeddedWasmEngine engine = engine(1);
        PolicyLoader loader = loader(server(bundles.url(), Optional.of(Secret.of(CREDENTIAL))), engine);
        assertTrue(loader.poll());
        bundles.close();

        assertFalse(loader.poll());

        assertEquals(V1, engine.decide(item(13)));
        assertTrue(engine.ready());
        assertTrue(
                loader.status()
                        .lastError()
                        .orElseThrow()
                        .startsWith("the bundle server at " + bundles.url() + " did not answer"),
                loader.status().lastError().orElseThrow());
        assertTrue(loader.status().running().isPresent());
    }

    /** An outage is reported while it lasts; a refused bundle is reported as long as it is the one served. */
    @Test
    void anOutageIsReportedUntilTheServerAnswersAgainButARefusedBundleUntilAnotherLoads() throws Exception {
        BundleServer bundles = new BundleServer(v1);
        EmbeddedWasmEngine engine = engine(1);
        PolicyLoader loader = loader(server(bundles.url(), Optional.of(Secret.of(CREDENTIAL))), engine);
        assertTrue(loader.poll());

        bundles.fail(true);
        assertFalse(loader.poll());
        assertEquals(
                Optional.of("the bundle server at " + bundles.url() + " answered HTTP 503"),
                loader.status().lastError());
        bundles.fail(false);
        assertFalse(loader.poll(), "304: nothing new");
        assertEquals(Optional.empty(), loader.status().lastError(), "the outage is over");

        bundles.serve("not a bundle".getBytes(StandardCharsets.UTF_8));
        assertFalse(loader.poll());
        assertFalse(loader.poll(), "304: the refused bundle again");
        assertEquals(
                Optional.of("the bundle is not a gzipped tar archive: Not in GZIP format"),
                loader.status().lastError(),
                "still refused while it is the bundle served");
        assertEquals(V1, engine.decide(item(13)));
        bundles.serve(v2);
        assertTrue(loader.poll());
        assertEquals(Optional.empty(), loader.status().lastError());
    }

    @Test
    void withNoPolicyYetEveryDecisionIsAFaultAndTheEngineIsNotReadyUntilOneLoads() throws Exception {
        BundleServer bundles = new BundleServer(v1);
        EmbeddedWasmEngine engine = engine(1);
        PolicyLoader withoutCredential = loader(server(bundles.url(), Optional.empty()), engine);

        assertFalse(withoutCredential.poll());

        assertFalse(engine.ready());
        DecisionException fault = assertThrows(DecisionException.class, () -> engine.decide(item(12)));
        assertEquals("no policy is loaded yet", fault.getMessage());
        assertEquals(
                Optional.of("the bundle server at " + bundles.url() + " answered HTTP 401"),
                withoutCredential.status().lastError());
        assertEquals(1, bundles.unauthorized.get());

        PolicyLoader withCredential = loader(server(bundles.url(), Optional.of(Secret.of(CREDENTIAL))), engine);
        assertTrue(withCredential.poll());
        assertTrue(engine.ready());
        assertEquals(V1, engine.decide(item(13)));
    }

    @Test
    void aFileIsLoadedAgainWhenItChangesAndABadOneLeavesTheRunningPolicy() throws Exception {
        Path file = work.resolve("live.tar.gz");
        Files.write(file, v1);
        EmbeddedWasmEngine engine = engine(1);
        PolicyLoader loader =
                loader(BundleSource.of(file.toString(), path -> null, Optional.empty(), Duration.ofSeconds(5)), engine);

        assertTrue(loader.poll());
        assertFalse(loader.poll(), "unchanged");
        Files.write(file, "not a bundle".getBytes(StandardCharsets.UTF_8));
        assertFalse(loader.poll());
        assertEquals(V1, engine.decide(item(13)));
        assertEquals(
                Optional.of("the bundle is not a gzipped tar archive: Not in GZIP format"),
                loader.status().lastError());
        Files.write(file, v2);
        assertTrue(loader.poll());
        assertEquals(V2, engine.decide(item(13)));
        assertEquals(Optional.empty(), loader.status().lastError());
    }

    /**
     * 32 clients decide, through the decision cache as the request path does, each pausing a tenth
     * of a millisecond between requests (on two cores, 32 clients that never pause would starve the
     * loader, which compiles each new policy), while the policy is swapped 4 times: no decision fails, every answer is one policy's, and the
     * first decision after each swap is the new policy's, although the cache held the old answer.
     */
    @Test
    void swappingThePolicyUnderLoadFromThirtyTwoClientsFailsNothingAndTheNextRequestSeesTheNewPolicy()
            throws Exception {
        Path file = work.resolve("swap.tar.gz");
        Files.write(file, v1);
        EmbeddedWasmEngine engine = engine(4);
        PolicyLoader loader =
                loader(BundleSource.of(file.toString(), path -> null, Optional.empty(), Duration.ofSeconds(5)), engine);
        DecisionCache cache = DecisionCache.forEngine(engine, 10_000, Duration.ofSeconds(2));
        engine.onReplace(replaced -> cache.clear());
        assertTrue(loader.poll());
        TokenClaims claims = new TokenClaims(
                "tok-1",
                1,
                Role.READ,
                "GRA",
                Selector.parse("group=A"),
                false,
                Instant.parse("2026-01-01T00:00:00Z"),
                null);
        DecisionInput asked = item(13);

        AtomicBoolean running = new AtomicBoolean(true);
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        AtomicLong decisions = new AtomicLong();
        AtomicLong hits = new AtomicLong();
        CountDownLatch started = new CountDownLatch(32);
        List<Thread> clients = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            Thread client = new Thread(
                    () -> {
                        started.countDown();
                        while (running.get()) {
                            try {
                                Decision decision = decideAsThePipelineDoes(engine, cache, claims, asked, hits);
                                if (!decision.equals(V1) && !decision.equals(V2)) {
                                    failures.add(new AssertionError("an answer of neither policy: " + decision));
                                }
                                decisions.incrementAndGet();
                            } catch (DecisionException | RuntimeException e) {
                                failures.add(e);
                            }
                            LockSupport.parkNanos(100_000);
                        }
                    },
                    "client-" + i);
            client.start();
            clients.add(client);
        }
        assertTrue(started.await(10, TimeUnit.SECONDS));
        for (int swap = 0; swap < 4; swap++) {
            byte[] next = swap % 2 == 0 ? v2 : v1;
            Files.write(file, next);
            assertTrue(loader.poll(), "swap " + swap + " loaded");
            assertEquals(
                    next == v2 ? V2 : V1,
                    decideAsThePipelineDoes(engine, cache, claims, asked, new AtomicLong()),
                    "the first decision after swap " + swap);
            Thread.sleep(20);
        }
        running.set(false);
        for (Thread client : clients) {
            client.join(TimeUnit.SECONDS.toMillis(30));
            assertFalse(client.isAlive(), client.getName() + " stopped");
        }

        assertEquals(List.of(), List.copyOf(failures));
        assertTrue(decisions.get() > 1_000, "decisions made: " + decisions.get());
        assertTrue(hits.get() > decisions.get() / 2, "cache hits " + hits.get() + " of " + decisions.get());
    }

    /** What ProtectionPipeline does: the key (naming the running policy) before the engine is asked. */
    private static Decision decideAsThePipelineDoes(
            DecisionEngine engine, DecisionCache cache, TokenClaims claims, DecisionInput input, AtomicLong hits)
            throws DecisionException {
        DecisionCache.Key key = cache.key(claims, input.app(), input.request());
        Optional<Decision> cached = cache.get(key);
        if (cached.isPresent()) {
            hits.incrementAndGet();
            return cached.get();
        }
        Decision decision = engine.decide(input);
        cache.put(key, decision);
        return decision;
    }

    @Test
    void aShadowPolicyLogsAndCountsEachDisagreementAndChangesNoAnswer() throws Exception {
        EmbeddedWasmEngine live = engine(1);
        live.load(PolicyBundle.read(v1, Optional.empty(), "live"));
        EmbeddedWasmEngine next = engine(1);
        next.load(PolicyBundle.read(v2, Optional.empty(), "next"));
        ShadowDecisions shadow = new ShadowDecisions(next, 1.0, "test");
        closing.add(shadow);
        List<String> lines = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public synchronized void publish(LogRecord record) {
                lines.add(record.getMessage());
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger logger = Logger.getLogger(ShadowDecisions.LOGGER);
        logger.addHandler(capture);
        try {
            Decision answered13 = live.decide(item(13));
            shadow.compare("decision-13", () -> item(13), answered13);
            for (int i = 0; i < 50; i++) {
                shadow.compare("decision-" + i, () -> item(12), live.decide(item(12)));
            }
            assertTrue(shadow.drain(10_000));

            assertEquals(V1, answered13, "the live answer is the live policy's");
        } finally {
            logger.removeHandler(capture);
        }

        assertEquals(new ShadowDecisions.Counts(51, 1, 0, 0), shadow.counts());
        assertEquals(1, lines.size(), () -> "lines: " + lines);
        assertEquals(
                "labelgate shadow disagreement: {\"action\":\"read\",\"app_id\":\"" + PolicyBundleTest.APP_ID
                        + "\",\"decision_id\":\"decision-13\",\"live\":{\"reasons\":[\"item 13 is closed (v1)\"],"
                        + "\"result\":\"deny\"},\"method\":\"GET\",\"path\":\"/api/items/13\",\"shadow\":{\"reasons\":"
                        + "[\"item 13 is closed (v2)\"],\"result\":\"deny\"},\"token_id\":\"tok-1\"}",
                lines.get(0));
    }

    @Test
    void aShadowPolicyComparesASampledShare() throws Exception {
        EmbeddedWasmEngine next = engine(1);
        next.load(PolicyBundle.read(v2, Optional.empty(), "next"));
        ShadowDecisions shadow = new ShadowDecisions(next, 0.25, "test");
        closing.add(shadow);
        AtomicInteger built = new AtomicInteger();

        for (int i = 0; i < 2_000; i++) {
            shadow.compare(
                    "d" + i,
                    () -> {
                        built.incrementAndGet();
                        return item(12);
                    },
                    ALLOWED);
            if (i % 200 == 0) {
                assertTrue(shadow.drain(10_000));
            }
        }
        assertTrue(shadow.drain(10_000));

        // binomial(2000, 0.25): mean 500, standard deviation 19; the bounds are 10 deviations away
        long compared = shadow.counts().compared() + shadow.counts().skipped();
        assertTrue(compared > 310 && compared < 690, "compared " + compared + " of 2000 at rate 0.25");
        assertEquals(compared, built.get(), "the input is built only for sampled requests");
    }
}
