package io.labelgate.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The lifecycle state lives in the registry (PostgreSQL here): a stopped app stays stopped across
 * a restart; a deleted app answers 410 to everything, leaves the Apps list, cannot be started
 * again, and runs again only when it is deployed again.
 */
class AppLifecycleRestartIT {

    @BeforeAll
    static void emptyRegistry() throws Exception {
        SharedRegistry.reset();
    }

    private static PayaraMicroProcess start() throws Exception {
        return PayaraMicroProcess.start(SampleWar.file(), SharedRegistry.nodeProperties());
    }

    @Test
    void stoppedSurvivesARestartAndDeletedIsGoneUntilRedeployed() throws Exception {
        String operator;
        String reader;
        try (PayaraMicroProcess node = start()) {
            AdminApi api = new AdminApi(node.uri("/"));
            operator = api.operator("group=A").token();
            reader = api.read("group=A").token();
            assertEquals(
                    200,
                    AppLifecycleIT.call("POST", node.uri("/labelgate/api/app/stop"), operator)
                            .statusCode());
            assertEquals(503, Http.bearer(node.uri("/"), reader).statusCode());
        }

        try (PayaraMicroProcess node = start()) {
            assertEquals(503, Http.bearer(node.uri("/"), reader).statusCode(), "still stopped after a restart");
            assertEquals(
                    200,
                    AppLifecycleIT.call("POST", node.uri("/labelgate/api/app/start"), operator)
                            .statusCode());
            assertEquals(200, Http.bearer(node.uri("/"), reader).statusCode());

            HttpResponse<String> deleted = AppLifecycleIT.call("DELETE", node.uri("/labelgate/api/app"), operator);
            assertEquals(200, deleted.statusCode());
            assertEquals("deleted", AdminApi.parse(deleted.body()).get("status").textValue());
            assertEquals(410, Http.bearer(node.uri("/"), reader).statusCode());
            assertEquals(410, Http.get(node.uri("/api/hello")).statusCode());
            assertEquals(
                    410,
                    AppLifecycleIT.call("POST", node.uri("/labelgate/api/app/start"), operator)
                            .statusCode());
        }

        try (PayaraMicroProcess otherApp = PayaraMicroProcess.start(
                SampleWar.export(SampleWar.archive(), "listing-app"), SharedRegistry.nodeProperties())) {
            JsonNode apps = AdminApi.parse(
                    Http.get(otherApp.uri("/labelgate/api/apps"), "Authorization", "Bearer " + AdminApi.SECRET)
                            .body());
            for (JsonNode app : apps) {
                assertFalse(app.get("name").textValue().equals("ai-app"), "a deleted app leaves the list: " + apps);
            }
            assertEquals(1, apps.size(), apps::toString);
        }

        try (PayaraMicroProcess redeployed = start()) {
            assertEquals(200, Http.bearer(redeployed.uri("/"), reader).statusCode(), "deployed again, it runs");
        }
    }
}
