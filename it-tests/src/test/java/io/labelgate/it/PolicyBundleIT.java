package io.labelgate.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A deployer's own policy on a real server, as the README tells them to roll it out: rules built
 * and signed with policies/bundle.sh and the real OPA, served by a bundle server that honours
 * ETags and wants a bearer credential (a real HTTP server on loopback, in this JVM), polled by
 * labelgate ({@code labelgate.policy.bundle}, {@code .verification-key}, {@code .credential},
 * {@code .polling-interval}), and a shadow bundle compared beside it ({@code labelgate.policy.shadow},
 * a file). The steps run in order on one deployment: no bundle yet (503, not ready), a signed
 * bundle whose rule reads its data, a tampered one refused while the previous policy keeps
 * deciding, a new one swapped in under load from 32 clients, the shadow's disagreements counted
 * while answers follow the live policy, and the bundle server gone while the last good policy
 * keeps deciding.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PolicyBundleIT extends DeployedApp {

    private static final Path DIR = Path.of(System.getProperty("labelgate.it.war.dir"), "policy-bundle-it");
    /** The bundle server's credential: recorded, so scripts/scan-logs.sh fails the run if it is ever logged. */
    private static final String CREDENTIAL = "bundle-server-" + UUID.randomUUID();

    private static BundleServer server;
    private static final Path BUNDLE_SH =
            Path.of("..", "policies", "bundle.sh").toAbsolutePath().normalize();
    private static final String CLOSED = "/api/items/13";
    private static final Duration WAIT = Duration.ofSeconds(30);

    /**
     * Builds the bundles (signed with a fresh key), leaves the live file absent, and deploys the
     * sample configured to poll it every second and to shadow it with another bundle.
     */
    @Deployment(testable = false)
    static WebArchive deployment() throws Exception {
        Files.createDirectories(DIR);
        IssuedSecrets.record(CREDENTIAL);
        server = new BundleServer();
        KeyPair key = KeyPairGenerator.getInstance("RSA").generateKeyPair();
        Path signingKey = DIR.resolve("signing.pem");
        Files.writeString(signingKey, pem("PRIVATE KEY", key.getPrivate().getEncoded()), StandardCharsets.US_ASCII);
        Files.writeString(
                DIR.resolve("public.pem"), pem("PUBLIC KEY", key.getPublic().getEncoded()), StandardCharsets.US_ASCII);
        for (String version : List.of("v1", "v2", "shadow")) {
            build(version, signingKey);
        }
        // tampered: v2 with its data changed after signing (the archive repacked by tar)
        Path tampered = DIR.resolve("tampered");
        Files.createDirectories(tampered);
        run(List.of("tar", "-xzf", DIR.resolve("v2.tar.gz").toString(), "-C", tampered.toString()), DIR);
        Files.writeString(tampered.resolve("data.json"), "{\"labelgate\":{\"custom_data\":{\"closed\":[]}}}");
        run(List.of("tar", "-czf", DIR.resolve("tampered.tar.gz").toString(), "-C", tampered.toString(), "."), DIR);
        return SampleWar.archive(
                """
                labelgate.policy.bundle=%s
                labelgate.policy.bundle.verification-key=%s
                labelgate.policy.bundle.credential=%s
                labelgate.policy.bundle.polling-interval=PT1S
                labelgate.policy.shadow=%s
                """.formatted(server.url(), DIR.resolve("public.pem"), CREDENTIAL, DIR.resolve("shadow.tar.gz")));
    }

    /**
     * A bundle server as OPA's bundle service protocol has it: {@code GET} with the credential,
     * the bundle and its {@code ETag}, {@code 304} when {@code If-None-Match} names the current one,
     * {@code 404} while it has none. It stays up across the steps, stopped by the last.
     */
    private static final class BundleServer {
        private final HttpServer http;
        private volatile byte[] bundle;
        private final AtomicInteger notModified = new AtomicInteger();
        private final AtomicInteger unauthorized = new AtomicInteger();

        BundleServer() throws IOException {
            http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            http.createContext("/bundles/ai-app.tar.gz", exchange -> {
                try (exchange) {
                    if (!("Bearer " + CREDENTIAL)
                            .equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                        unauthorized.incrementAndGet();
                        exchange.sendResponseHeaders(401, -1);
                        return;
                    }
                    byte[] current = bundle;
                    if (current == null) {
                        exchange.sendResponseHeaders(404, -1);
                        return;
                    }
                    String etag = "\"" + Integer.toHexString(Arrays.hashCode(current)) + "-" + current.length + "\"";
                    exchange.getResponseHeaders().set("ETag", etag);
                    if (etag.equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
                        notModified.incrementAndGet();
                        exchange.sendResponseHeaders(304, -1);
                        return;
                    }
                    exchange.sendResponseHeaders(200, current.length);
                    exchange.getResponseBody().write(current);
                }
            });
            http.start();
        }

        URI url() {
            return URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/bundles/ai-app.tar.gz");
        }

        void serve(byte[] next) {
            bundle = next;
        }

        void stop() {
            http.stop(0);
        }
    }

    /** A bundle of labelgate's policy plus one rule that closes the paths its data lists. */
    private static void build(String version, Path signingKey) throws IOException, InterruptedException {
        Path rules = DIR.resolve("rules-" + version);
        Files.createDirectories(rules);
        Files.writeString(rules.resolve("closed.rego"), """
                package labelgate.custom

                deny contains concat("", [input.request.path, " is closed (%s)"]) if {
                	input.request.path in data.labelgate.custom_data.closed
                }
                """.formatted(version), StandardCharsets.UTF_8);
        Files.writeString(
                DIR.resolve("data-" + version + ".json"),
                "{\"labelgate\": {\"custom_data\": {\"closed\": [\"" + CLOSED + "\"]}}}",
                StandardCharsets.UTF_8);
        run(
                List.of(
                        "bash",
                        BUNDLE_SH.toString(),
                        "--signing-key",
                        signingKey.toString(),
                        "--data",
                        DIR.resolve("data-" + version + ".json").toString(),
                        "--output",
                        DIR.resolve(version + ".tar.gz").toString(),
                        rules.toString()),
                DIR);
    }

    private static void run(List<String> command, Path dir) throws IOException, InterruptedException {
        String opa = System.getProperty("opa.executable");
        if (opa == null || opa.isBlank()) {
            fail("needs the real OPA CLI as -Dopa.executable (scripts/test.sh passes it)");
        }
        Path log = dir.resolve("build.log");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("OPA", opa);
        Process process = builder.start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail(command + " did not finish within 120 s");
        }
        assertEquals(0, process.exitValue(), () -> command + " failed; its output is in " + log);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    @AfterAll
    static void stopTheBundleServer() {
        if (server != null) {
            server.stop();
        }
    }

    /** The engine check's data on the public readiness endpoint. */
    private JsonNode engineCheck(HttpResponse<String> health) {
        for (JsonNode check : AdminApi.parse(health.body()).get("checks")) {
            if (check.get("name").textValue().equals("labelgate-decision-engine")) {
                return check;
            }
        }
        throw new AssertionError("no engine check in " + health.body());
    }

    private HttpResponse<String> await(URI uri, String token, Predicate<HttpResponse<String>> until, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        HttpResponse<String> last;
        do {
            last = token == null ? Http.get(uri) : Http.bearer(uri, token);
            if (until.test(last)) {
                return last;
            }
            sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError(
                "not " + what + " within " + WAIT.toSeconds() + " s; last: " + last.statusCode() + " " + last.body());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String reasons(HttpResponse<String> response) {
        return response.statusCode() == 403
                ? String.valueOf(AdminApi.parse(response.body()).get("reasons"))
                : "";
    }

    private static String closedBy(String version) {
        return "[\"" + CLOSED + " is closed (" + version + ")\"]";
    }

    private static void install(String bundle) {
        try {
            server.serve(Files.readAllBytes(DIR.resolve(bundle)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    @Order(1)
    void beforeAnyBundleHasLoadedEveryRequestIsRefusedWith503AndTheAppIsNotReady() {
        String reader = api().read("group=A").token();

        HttpResponse<String> refused = Http.bearer(uri("/api/hello"), reader);
        HttpResponse<String> health = Http.get(uri("/labelgate/health"));

        assertEquals(503, refused.statusCode(), refused::body);
        assertEquals(503, health.statusCode(), health::body);
        JsonNode engine = engineCheck(health);
        assertEquals("DOWN", engine.get("status").textValue());
        assertEquals("bundle", engine.get("data").get("policy").textValue());
        assertEquals("false", engine.get("data").get("policy-loaded").textValue());
        assertEquals(
                "no bundle has loaded yet (see the server log); requests are refused with 503",
                engine.get("data").get("policy-problem").textValue());
        assertFalse(
                health.body().contains(server.url().toString()),
                "the bundle's location is not public: " + health.body());
    }

    @Test
    @Order(2)
    void aSignedBundleLoadsWithinThePollingIntervalAndItsRuleReadsTheBundlesData() {
        String reader = api().read("group=A").token();
        install("v1.tar.gz");

        HttpResponse<String> closed =
                await(uri(CLOSED), reader, response -> response.statusCode() == 403, "decided by the loaded bundle");

        assertEquals(closedBy("v1"), reasons(closed));
        assertEquals(404, Http.bearer(uri("/api/items/12"), reader).statusCode(), "allowed, and not the app's");
        assertEquals(200, Http.bearer(uri("/api/hello"), reader).statusCode());
        HttpResponse<String> health = Http.get(uri("/labelgate/health"));
        assertEquals(200, health.statusCode(), health::body);
        assertEquals(
                "true", engineCheck(health).get("data").get("policy-loaded").textValue());
        // labelgate asks again every second with the ETag it was given, and is told nothing changed
        int before = server.notModified.get();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (server.notModified.get() <= before && System.nanoTime() < deadline) {
            sleep(100);
        }
        assertTrue(
                server.notModified.get() > before,
                "no 304 answered to an If-None-Match within " + WAIT.toSeconds() + " s (polling every second)");
        assertEquals(0, server.unauthorized.get(), "the credential was sent with every request");
    }

    @Test
    @Order(3)
    void aTamperedBundleIsRefusedAndThePreviousPolicyKeepsDeciding() {
        String reader = api().read("group=A").token();
        install("tampered.tar.gz");

        HttpResponse<String> health = await(
                uri("/labelgate/health"),
                null,
                response -> engineCheck(response).get("data").has("policy-problem"),
                "reported as refused");

        assertEquals(200, health.statusCode(), health::body);
        assertEquals(
                "the newest bundle was refused (see the server log); the previous policy decides",
                engineCheck(health).get("data").get("policy-problem").textValue());
        assertEquals(closedBy("v1"), reasons(Http.bearer(uri(CLOSED), reader)));
    }

    /**
     * 32 clients ask without pause while v2 replaces v1: no request fails or is answered by
     * anything but v1 or v2, and none that started after a client saw v2's answer gets v1's.
     */
    @Test
    @Order(4)
    void aNewBundleReplacesThePolicyUnderLoadWithoutAFailedOrWronglyDecidedRequest() throws Exception {
        String reader = api().read("group=A").token();
        record Answer(long sent, long received, int status, String reasons) {}
        ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> clients = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            Thread client = new Thread(
                    () -> {
                        while (running.get()) {
                            long sent = System.nanoTime();
                            HttpResponse<String> response = Http.bearer(uri(CLOSED), reader);
                            answers.add(new Answer(sent, System.nanoTime(), response.statusCode(), reasons(response)));
                        }
                    },
                    "client-" + i);
            client.start();
            clients.add(client);
        }
        sleep(500);
        install("v2.tar.gz");
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (answers.stream().noneMatch(answer -> answer.reasons().equals(closedBy("v2")))
                && System.nanoTime() < deadline) {
            sleep(50);
        }
        sleep(1_000);
        running.set(false);
        for (Thread client : clients) {
            client.join(TimeUnit.SECONDS.toMillis(30));
            assertFalse(client.isAlive(), client.getName() + " stopped");
        }

        List<Answer> all = List.copyOf(answers);
        List<Answer> wrong = all.stream()
                .filter(answer -> answer.status() != 403
                        || !(answer.reasons().equals(closedBy("v1"))
                                || answer.reasons().equals(closedBy("v2"))))
                .toList();
        assertEquals(List.of(), wrong, "every answer is 403 by v1 or v2");
        long firstV2 = all.stream()
                .filter(answer -> answer.reasons().equals(closedBy("v2")))
                .mapToLong(Answer::received)
                .min()
                .orElseThrow(() -> new AssertionError("v2 never answered"));
        List<Answer> staleAfterSwap = all.stream()
                .filter(answer -> answer.sent() > firstV2 && answer.reasons().equals(closedBy("v1")))
                .toList();
        assertEquals(List.of(), staleAfterSwap, "no request sent after v2 answered is decided by v1");
        assertTrue(all.size() > 100, "requests: " + all.size());
        System.out.println("PolicyBundleIT: " + all.size() + " requests from 32 clients across the swap, "
                + all.stream()
                        .filter(answer -> answer.reasons().equals(closedBy("v2")))
                        .count() + " decided by v2");
    }

    @Test
    @Order(5)
    void theShadowPolicyCountsItsDisagreementsWhileAnswersFollowTheLivePolicy() {
        String reader = api().read("group=A").token();
        HttpResponse<String> answered = Http.bearer(uri(CLOSED), reader);

        assertEquals(closedBy("v2"), reasons(answered), "the live policy answers, not the shadow");
        HttpResponse<String> health = await(
                uri("/labelgate/health"),
                null,
                response -> Long.parseLong(engineCheck(response)
                                .get("data")
                                .get("shadow-disagreed")
                                .textValue())
                        > 0,
                "a disagreement counted");
        Map<String, String> shadow = Map.of(
                "compared",
                        engineCheck(health).get("data").get("shadow-compared").textValue(),
                "disagreed",
                        engineCheck(health).get("data").get("shadow-disagreed").textValue());
        assertTrue(Long.parseLong(shadow.get("compared")) >= Long.parseLong(shadow.get("disagreed")), shadow::toString);
    }

    @Test
    @Order(6)
    void whenTheBundleServerIsGoneTheLastGoodPolicyKeepsDeciding() {
        String reader = api().read("group=A").token();
        server.stop();

        HttpResponse<String> health = await(
                uri("/labelgate/health"),
                null,
                response -> engineCheck(response).get("data").has("policy-problem"),
                "reported as unreachable");

        assertEquals(200, health.statusCode(), health::body);
        assertEquals(
                "true", engineCheck(health).get("data").get("policy-loaded").textValue());
        assertEquals(closedBy("v2"), reasons(Http.bearer(uri(CLOSED), reader)));
        assertEquals(200, Http.bearer(uri("/api/hello"), reader).statusCode());
    }
}
