package io.labelgate.it;

import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * Two protected apps on one shared registry (PostgreSQL): the sample ({@code ai-app}) and a second
 * WAR ({@code second-app}, labels {@code group=A,tier=web}, configured by {@code web.xml} context
 * parameters only) deployed after the tokens were made. Selectors match apps deployed later;
 * {@code labelgate/id} scopes a token to exactly one app.
 */
class SecondAppIT {

    private static PayaraMicroProcess aiApp;

    @BeforeAll
    static void startFirstApp() throws Exception {
        SharedRegistry.reset();
        aiApp = PayaraMicroProcess.start(SampleWar.file(), SharedRegistry.nodeProperties());
    }

    @AfterAll
    static void stopFirstApp() {
        if (aiApp != null) {
            aiApp.close();
        }
    }

    /** The sample WAR with its MicroProfile Config file removed and everything set in web.xml. */
    private static PayaraMicroProcess startSecondApp() throws Exception {
        WebArchive war = SampleWar.archive();
        war.delete("/WEB-INF/classes/META-INF/microprofile-config.properties");
        StringBuilder params = new StringBuilder();
        for (String property : SharedRegistry.nodeProperties(
                "labelgate.app.region=GRA", "labelgate.app.labels=group=A,tier=web", "labelgate.admin.enabled=true")) {
            int equals = property.indexOf('=');
            params.append("  <context-param><param-name>")
                    .append(property, 0, equals)
                    .append("</param-name><param-value>")
                    .append(property.substring(equals + 1))
                    .append("</param-value></context-param>\n");
        }
        war.setWebXML(new StringAsset(
                "<web-app xmlns=\"https://jakarta.ee/xml/ns/jakartaee\" version=\"6.0\">\n" + params + "</web-app>\n"));
        return PayaraMicroProcess.start(SampleWar.export(war, "second-app"), List.of());
    }

    @Test
    void tokensReachAppsDeployedAfterThemWhenTheirLabelsMatch() throws Exception {
        AdminApi api = new AdminApi(aiApp.uri("/"));
        UUID firstId = Tokens.appId("ai-app");
        String groupA = api.read("group=A").token();
        String groupB = api.read("group=B").token();
        String scopedToFirst = api.read("labelgate/id=" + firstId).token();
        String webTier = api.read("group=A,tier=web").token();

        try (PayaraMicroProcess second = startSecondApp()) {
            UUID secondId = Tokens.appId("second-app");
            assertNotEquals(firstId, secondId);
            URI secondRoot = second.uri("/");
            String scopedToSecond = api.read("labelgate/id=" + secondId).token();

            assertEquals("Hello, World!", Http.bearer(secondRoot, groupA).body());
            assertEquals(200, Http.bearer(second.uri("/api/hello"), webTier).statusCode());
            assertEquals(200, Http.bearer(secondRoot, scopedToSecond).statusCode());
            assertEquals(403, Http.bearer(secondRoot, groupB).statusCode());
            assertEquals(403, Http.bearer(secondRoot, scopedToFirst).statusCode());
            assertEquals(200, Http.bearer(aiApp.uri("/"), scopedToFirst).statusCode());
            assertEquals(403, Http.bearer(aiApp.uri("/"), scopedToSecond).statusCode());
            assertEquals(403, Http.bearer(aiApp.uri("/"), webTier).statusCode());
        }
    }
}
