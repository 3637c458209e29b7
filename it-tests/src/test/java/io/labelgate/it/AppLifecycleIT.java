package io.labelgate.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Operator tokens and the app lifecycle on Payara Micro (docs/contract.md, "Concepts": role and action): read
 * tokens may query but not manage; operators of this app may stop and start it; a stopped app
 * answers 503 to ordinary requests while lifecycle calls still work. Deletion is tested on
 * PostgreSQL nodes ({@link AppLifecycleRestartIT}), where the server can be redeployed.
 */
class AppLifecycleIT extends DeployedPlainSample {

    private static final String READ_NOT_MANAGE = "role \"read\" does not permit action \"manage\"";
    /** The same reason in a header, where double quotes cannot appear (RFC 6750 §3). */
    private static final String READ_NOT_MANAGE_IN_HEADER = "role 'read' does not permit action 'manage'";
    /** The reason of the sample's own rule (sample-war/policy/reload_needs_app_id.rego). */
    static final String SAMPLE_RULE_REASON = "reloading the model needs a token scoped to this app by labelgate/id";

    static HttpResponse<String> call(String method, URI uri, String token) {
        return Http.send(HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + token)
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build());
    }

    @Test
    void readTokenIsRefusedEveryLifecycleChangeWithInsufficientScope() {
        String reader = api().read("group=A").token();

        for (String[] call : new String[][] {
            {"POST", "/labelgate/api/app/stop"}, {"POST", "/labelgate/api/app/start"}, {"DELETE", "/labelgate/api/app"}
        }) {
            HttpResponse<String> refused = call(call[0], uri(call[1]), reader);

            assertEquals(403, refused.statusCode(), call[1]);
            assertEquals(
                    "Bearer realm=\"ai-app\", error=\"insufficient_scope\", error_description=\""
                            + READ_NOT_MANAGE_IN_HEADER + "\"",
                    Http.header(refused, "WWW-Authenticate"),
                    call[1]);
            assertEquals(
                    READ_NOT_MANAGE,
                    AdminApi.parse(refused.body()).get("reasons").get(0).textValue());
        }
        HttpResponse<String> status = call("GET", uri("/labelgate/api/app"), reader);
        assertEquals(200, status.statusCode());
        assertEquals("running", AdminApi.parse(status.body()).get("status").textValue());
    }

    @Test
    void operatorOfAnotherAppIsRefused() {
        String elsewhere = api().operator("labelgate/id=" + UUID.randomUUID()).token();

        HttpResponse<String> refused = call("POST", uri("/labelgate/api/app/stop"), elsewhere);

        assertEquals(403, refused.statusCode());
        assertEquals(
                "insufficient_scope",
                AdminApi.parse(refused.body()).get("error").textValue());
    }

    @Test
    void stoppedAppAnswers503ToReadsUntilAnOperatorStartsItAgain() {
        String operator = api().operator("group=A").token();
        String reader = api().read("group=A").token();

        HttpResponse<String> stopped = call("POST", uri("/labelgate/api/app/stop"), operator);
        assertEquals(200, stopped.statusCode(), stopped::body);
        JsonNode document = AdminApi.parse(stopped.body());
        assertEquals("stopped", document.get("status").textValue());
        assertEquals("ai-app", document.get("name").textValue());
        HttpResponse<String> read = Http.bearer(uri("/"), reader);
        assertEquals(503, read.statusCode());
        assertEquals(
                "{\"type\":\"about:blank\",\"title\":\"Service Unavailable\",\"status\":503,"
                        + "\"detail\":\"the app is stopped; an operator can start it again\"}",
                read.body());
        assertEquals(503, Http.bearer(uri("/api/hello"), reader).statusCode());
        assertEquals(
                "stopped",
                AdminApi.parse(call("GET", uri("/labelgate/api/app"), reader).body())
                        .get("status")
                        .textValue());

        HttpResponse<String> started = call("POST", uri("/labelgate/api/app/start"), operator);

        assertEquals(200, started.statusCode());
        assertEquals("running", AdminApi.parse(started.body()).get("status").textValue());
        assertEquals("Hello, World!", Http.bearer(uri("/"), reader).body());
        // the sample observed both changes as CDI events (released, then loaded its model)
        String model = Http.bearer(uri("/api/model"), reader).body();
        assertEquals(true, model.startsWith("loaded=true changes="), model);
        assertEquals(true, Integer.parseInt(model.replaceAll(".*changes=(\\d+).*", "$1")) >= 2, model);
    }

    /**
     * Reloading the model is a {@code @Manage} action (the built-in policy needs an operator) and,
     * by the sample's own rule in its policy bundle (sample-war/policy/), needs a token naming this
     * app by id: an operator scoped by group is refused with the rule's reason. The same bundle
     * runs in the embedded engine and in the OPA server of the remote-engine run.
     */
    @Test
    void manageAnnotatedResourceNeedsAnOperatorAndTheSamplesRuleATokenNamingTheApp() {
        String byId = "labelgate/id=" + Tokens.appId("ai-app");
        HttpResponse<String> reader =
                call("POST", uri("/api/model/reload"), api().read(byId).token());
        HttpResponse<String> groupOperator =
                call("POST", uri("/api/model/reload"), api().operator("group=A").token());
        HttpResponse<String> operator =
                call("POST", uri("/api/model/reload"), api().operator(byId).token());

        assertEquals(403, reader.statusCode());
        assertEquals(
                "Bearer realm=\"ai-app\", error=\"insufficient_scope\", error_description=\""
                        + READ_NOT_MANAGE_IN_HEADER + "\"",
                Http.header(reader, "WWW-Authenticate"));
        assertEquals(403, groupOperator.statusCode(), groupOperator::body);
        assertEquals(List.of(SAMPLE_RULE_REASON), reasons(groupOperator));
        assertEquals(200, operator.statusCode(), operator::body);
        assertEquals(true, operator.body().startsWith("reloads="), operator.body());
        // the rule reads the path: the same group operator still reads the model
        assertEquals(
                200,
                call("GET", uri("/api/model"), api().operator("group=A").token())
                        .statusCode());
    }

    private static List<String> reasons(HttpResponse<String> refused) {
        List<String> reasons = new java.util.ArrayList<>();
        AdminApi.parse(refused.body()).get("reasons").forEach(reason -> reasons.add(reason.textValue()));
        return reasons;
    }

    @Test
    void canSaysWhetherTheTokenMayReadOrManageAndWhy() {
        String reader = api().read("group=A").token();

        JsonNode read = AdminApi.parse(
                call("GET", uri("/labelgate/api/app/can?action=read"), reader).body());
        JsonNode manage = AdminApi.parse(
                call("GET", uri("/labelgate/api/app/can?action=manage"), reader).body());

        assertEquals(true, read.get("allow").booleanValue());
        assertEquals(false, manage.get("allow").booleanValue());
        assertEquals(READ_NOT_MANAGE, manage.get("reasons").get(0).textValue());
        assertEquals("ai-app", manage.get("app").textValue());
    }
}
