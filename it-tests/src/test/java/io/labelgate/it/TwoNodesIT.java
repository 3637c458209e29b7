package io.labelgate.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two nodes of the sample app, started at the same moment on one PostgreSQL registry: a token
 * made on node A works on node B, a regenerate or delete on A reaches B within the revocation
 * bound (measured), and an acknowledged creation survives {@code kill -9} of the node that made it.
 */
class TwoNodesIT {

    @RegisterExtension
    static final PayaraCluster CLUSTER = new PayaraCluster(2);

    private static PayaraMicroProcess nodeA() {
        return CLUSTER.node(0);
    }

    private static PayaraMicroProcess nodeB() {
        return CLUSTER.node(1);
    }

    @Test
    void tokenMadeOnOneNodeIsRevokedOnTheOtherWithinTheBound() {
        AdminApi onA = new AdminApi(nodeA().uri("/"));
        AdminApi.Created created = onA.read("group=A");
        assertEquals(
                "Hello, World!", Http.bearer(nodeB().uri("/"), created.token()).body());

        HttpResponse<String> regenerated = onA.regenerate(created.id());
        String fresh = AdminApi.parse(regenerated.body()).get("token").textValue();
        Duration regenerateReachedB =
                Revocation.awaitRefused(nodeB().uri("/"), created.token(), "token revoked", TokenLifecycleIT.BOUND);
        assertEquals(200, Http.bearer(nodeB().uri("/"), fresh).statusCode());

        assertEquals(204, onA.delete(created.id()).statusCode());
        Duration deleteReachedB =
                Revocation.awaitRefused(nodeB().uri("/"), fresh, "token revoked", TokenLifecycleIT.BOUND);

        // the measurement the README quotes; the assertions above hold it to the bound
        System.out.printf(
                "TwoNodesIT: regenerate on A refused on B after %d ms, delete after %d ms (bound 2000 ms)%n",
                regenerateReachedB.toMillis(), deleteReachedB.toMillis());
    }

    /**
     * The review's defect 1: a retired key's token, already verified and cached on both nodes, and
     * a browser session opened with it, kept working for minutes. Retiring is revocation.
     */
    @Test
    void retiringAKeyStopsItsTokensAndTheirSessionsAtOnceOnThisNodeAndWithinTheBoundOnTheOther() {
        AdminApi onA = new AdminApi(nodeA().uri("/"));
        AdminApi.Created created = onA.operator("group=A");
        String oldKid = kidOf(created.token());
        assertEquals(
                "Hello, World!", Http.bearer(nodeA().uri("/"), created.token()).body());
        assertEquals(
                "Hello, World!", Http.bearer(nodeB().uri("/"), created.token()).body());
        String sessionOnB = BrowserLogin.logIn(nodeB().uri("/"), created.token());
        assertEquals(
                200,
                Http.get(nodeB().uri("/"), "Cookie", "labelgate-session=" + sessionOnB)
                        .statusCode());
        HttpResponse<String> rotated = adminPost(nodeA().uri("/labelgate/api/keys/rotate"));
        assertEquals(201, rotated.statusCode(), rotated::body);

        HttpResponse<String> retired = adminPost(nodeA().uri("/labelgate/api/keys/" + oldKid + "/retire"));

        assertEquals(204, retired.statusCode(), retired::body);
        Revocation.refusedAtOnce(nodeA().uri("/"), created.token(), "token signed by an unknown key");
        Duration bearerOnB = Revocation.awaitRefused(
                nodeB().uri("/"), created.token(), "token signed by an unknown key", TokenLifecycleIT.BOUND);
        Duration sessionOnBEnded = Revocation.awaitSessionRefused(
                nodeB().uri("/"), sessionOnB, "token signed by a retired key", TokenLifecycleIT.BOUND);
        AdminApi.Created fresh = onA.read("group=A");
        assertEquals(false, kidOf(fresh.token()).equals(oldKid));
        assertEquals(
                "Hello, World!", Http.bearer(nodeB().uri("/"), fresh.token()).body());
        System.out.printf(
                "TwoNodesIT: key retired on A refused on B after %d ms (bearer), %d ms (session)%n",
                bearerOnB.toMillis(), sessionOnBEnded.toMillis());
    }

    private static String kidOf(String token) {
        String header = new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]), StandardCharsets.UTF_8);
        return AdminApi.parse(header).get("kid").textValue();
    }

    private static HttpResponse<String> adminPost(URI uri) {
        return Http.send(HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + AdminApi.SECRET)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());
    }

    @Test
    void keyRotatedOnOneNodeSignsTokensTheOtherNodeVerifies() throws InterruptedException {
        HttpResponse<String> rotated = Http.send(HttpRequest.newBuilder(nodeA().uri("/labelgate/api/keys/rotate"))
                .header("Authorization", "Bearer " + AdminApi.SECRET)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build());
        assertEquals(201, rotated.statusCode(), rotated::body);
        String kid = AdminApi.parse(rotated.body()).get("kid").textValue();

        AdminApi.Created created = new AdminApi(nodeA().uri("/")).read("group=A");

        String header =
                new String(Base64.getUrlDecoder().decode(created.token().split("\\.")[0]), StandardCharsets.UTF_8);
        assertTrue(header.contains("\"kid\":\"" + kid + "\""), header);
        // node B learns the new kid on first sight (at most one reload a second)
        Instant deadline = Instant.now().plusSeconds(5);
        int status;
        while ((status = Http.bearer(nodeB().uri("/"), created.token()).statusCode()) != 200
                && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }
        assertEquals(200, status);
        assertTrue(Http.get(nodeB().uri("/.well-known/jwks.json")).body().contains(kid));
    }

    @Test
    void acknowledgedCreationSurvivesKillDashNineOfTheNodeThatMadeIt() throws Exception {
        PayaraMicroProcess victim = PayaraMicroProcess.start(SampleWar.file(), SharedRegistry.nodeProperties());
        AdminApi.Created created;
        try {
            created = new AdminApi(victim.uri("/")).read("group=A");
            victim.kill();
        } finally {
            victim.close();
        }

        assertEquals(
                "Hello, World!", Http.bearer(nodeB().uri("/"), created.token()).body());
        JsonNode listed = AdminApi.parse(new AdminApi(nodeB().uri("/")).list().body());
        boolean found = false;
        for (JsonNode token : listed) {
            found |= token.get("id").textValue().equals(created.id());
        }
        assertTrue(found, "the token is listed by the surviving node");
    }
}
