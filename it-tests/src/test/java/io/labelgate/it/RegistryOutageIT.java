package io.labelgate.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.labelgate.it.Traffic.Aim;
import io.labelgate.it.Traffic.Shot;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The registry goes away under traffic: a real PostgreSQL is stopped while 16 clients use a
 * Payara Micro node, and started again. Once the cached token states are older than the
 * revocation bound every request fails closed with 503 (never 200, never a 401 that would mean
 * the token was lost); a token cannot be created meanwhile and nothing is half-written; after the
 * registry returns, traffic recovers and every token is still there and still works. Readiness
 * reports the registry down meanwhile.
 */
class RegistryOutageIT {

    private static final int CLIENTS = 16;
    /** {@code labelgate.revocation.max-staleness}, the default the node runs with. */
    private static final Duration BOUND = Duration.ofSeconds(2);
    /** A registry read that started just before the stop can be cached just after it. */
    private static final Duration READ_IN_FLIGHT = Duration.ofMillis(200);

    private static final Duration OUTAGE = Duration.ofSeconds(6);
    /** A request waits at most for a pooled connection (2 s) and a failed read. */
    private static final Duration SLOWEST_ALLOWED = Duration.ofSeconds(5);

    private static final Duration RECOVERY_ALLOWED = Duration.ofSeconds(5);

    private record Target(String id, String token, boolean valid) {
        @Override
        public String toString() {
            return "Target[id=" + id + ", valid=" + valid + "]";
        }
    }

    @Test
    void registryStoppedUnderTrafficFailsClosedAndLosesNothing() throws Exception {
        try (PostgresServer postgres = PostgresServer.start();
                PayaraMicroProcess node =
                        PayaraMicroProcess.start(SampleWar.file(), SharedRegistry.nodePropertiesOn(postgres.url()))) {
            AdminApi admin = new AdminApi(node.uri("/"));
            List<Target> targets = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                AdminApi.Created created = admin.read("group=A");
                targets.add(new Target(created.id(), created.token(), true));
            }
            AdminApi.Created revoked = admin.read("group=A");
            assertEquals(204, admin.delete(revoked.id()).statusCode());
            targets.add(new Target(revoked.id(), revoked.token(), false));
            targets.forEach(target -> IssuedSecrets.record(target.token()));
            URI app = node.uri("/");

            List<Shot<Target>> shots;
            long stopSent;
            long stopDone;
            long resumeSent;
            long resumeDone;
            HttpResponse<String> createdDuringOutage;
            HttpResponse<String> healthDuringOutage;
            try (Traffic traffic = Traffic.start(CLIENTS, Long.MAX_VALUE, random -> {
                Target target = targets.get(random.nextInt(targets.size()));
                return new Aim<>(app, target.token(), target);
            })) {
                Thread.sleep(2_000);
                stopSent = System.nanoTime();
                postgres.stop();
                stopDone = System.nanoTime();
                Thread.sleep(OUTAGE.toMillis());
                createdDuringOutage = admin.post(
                        Map.of("name", "during-outage", "selector", "group=A", "role", "read", "region", "GRA"));
                healthDuringOutage = Http.get(node.uri("/labelgate/health"));
                resumeSent = System.nanoTime();
                postgres.resume();
                resumeDone = System.nanoTime();
                Thread.sleep(RECOVERY_ALLOWED.toMillis() + 2_000);
                traffic.stop();
                shots = traffic.await(Duration.ofSeconds(60));
            }

            Map<Integer, Long> statuses = new TreeMap<>();
            Set<String> wrong = new TreeSet<>();
            long outageRequests = 0;
            long slowestDuringOutage = 0;
            long lastRefusedAfterReturn = resumeDone;
            for (Shot<Target> shot : shots) {
                statuses.merge(shot.status(), 1L, Long::sum);
                boolean allowed = shot.status() == 200;
                if (shot.failed() || (shot.status() >= 500 && shot.status() != 503)) {
                    wrong.add("failed or 5xx other than 503: " + shot.status());
                }
                if (!shot.target().valid()) {
                    if (allowed) {
                        wrong.add("the revoked token was allowed");
                    }
                    continue;
                }
                if (shot.answeredNanos() < stopSent && !allowed) {
                    wrong.add("a valid token was refused before the outage: " + shot.status());
                }
                boolean failsClosed =
                        shot.sentNanos() > stopDone + BOUND.plus(READ_IN_FLIGHT).toNanos()
                                && shot.answeredNanos() < resumeSent;
                if (failsClosed) {
                    outageRequests++;
                    slowestDuringOutage = Math.max(slowestDuringOutage, shot.millis());
                    if (shot.status() != 503) {
                        wrong.add("during the outage, past the bound, a valid token got " + shot.status());
                    }
                } else if (shot.sentNanos() > stopSent && shot.status() != 200 && shot.status() != 503) {
                    wrong.add("around the outage a valid token got " + shot.status());
                }
                if (shot.sentNanos() > resumeDone && !allowed) {
                    lastRefusedAfterReturn = Math.max(lastRefusedAfterReturn, shot.answeredNanos());
                }
            }
            long recoveryMillis = TimeUnit.NANOSECONDS.toMillis(lastRefusedAfterReturn - resumeDone);
            System.out.printf(
                    "RegistryOutageIT: %d requests, statuses %s; %d past the bound during the %d s outage, "
                            + "all 503, slowest %d ms; all allowed again %d ms after PostgreSQL was back%n",
                    shots.size(), statuses, outageRequests, OUTAGE.toSeconds(), slowestDuringOutage, recoveryMillis);

            assertEquals(Set.of(), wrong);
            assertTrue(outageRequests > 50, "traffic went on during the outage: " + outageRequests);
            assertTrue(slowestDuringOutage <= SLOWEST_ALLOWED.toMillis(), "slowest: " + slowestDuringOutage + " ms");
            assertTrue(recoveryMillis <= RECOVERY_ALLOWED.toMillis(), "recovered after " + recoveryMillis + " ms");
            assertEquals(503, createdDuringOutage.statusCode(), createdDuringOutage::body);
            assertEquals(503, healthDuringOutage.statusCode());
            // the sample decides with its own policy bundle, loaded from the WAR
            assertEquals(
                    "{\"checks\":[{\"data\":{\"engine\":\"embedded\",\"policy\":\"bundle\",\"policy-loaded\":\"true\"},"
                            + "\"name\":\"labelgate-decision-engine\","
                            + "\"status\":\"UP\"},{\"name\":\"labelgate-registry\",\"status\":\"DOWN\"}],\"status\":\"DOWN\"}",
                    healthDuringOutage.body());
            assertEquals(200, Http.get(node.uri("/labelgate/health")).statusCode(), "ready again");

            JsonNode listed = AdminApi.parse(admin.list().body());
            Set<String> ids = new TreeSet<>();
            listed.forEach(token -> ids.add(token.get("id").textValue()));
            Set<String> expected = new TreeSet<>();
            targets.stream().filter(Target::valid).forEach(target -> expected.add(target.id()));
            assertEquals(expected, ids, "every token is still there, and none was half-created during the outage");
            for (Target target : targets) {
                assertEquals(
                        target.valid() ? 200 : 401,
                        Http.bearer(app, target.token()).statusCode(),
                        target::toString);
            }
        }
    }
}
