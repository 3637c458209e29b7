package io.labelgate.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.URL;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * Two protected apps: the sample deployed by Arquillian ({@code ai-app}) and a second WAR
 * ({@code second-app}, labels {@code group=A,tier=web}, configured by {@code web.xml} only)
 * started later in its own Payara Micro.
 * Selectors match apps deployed after the token was made; {@code labelgate/id} scopes to one app.
 */
@ExtendWith(ArquillianExtension.class)
class SecondAppIT {

    @ArquillianResource
    private URL base;

    @Deployment(testable = false)
    static WebArchive aiApp() {
        return SampleWar.archive();
    }

    /**
     * The sample WAR configured through {@code web.xml} context parameters only: its
     * MicroProfile Config file is removed.
     */
    private static PayaraMicroProcess startSecondApp() throws Exception {
        WebArchive war = SampleWar.archive();
        war.delete("/WEB-INF/classes/META-INF/microprofile-config.properties");
        war.setWebXML(new StringAsset("""
                <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
                  <context-param><param-name>labelgate.app.region</param-name><param-value>GRA</param-value></context-param>
                  <context-param><param-name>labelgate.app.labels</param-name><param-value>group=A,tier=web</param-value></context-param>
                  <context-param><param-name>labelgate.jwt.signing-key-file</param-name><param-value>%s</param-value></context-param>
                </web-app>
                """.formatted(System.getProperty("labelgate.it.signing.key"))));
        return PayaraMicroProcess.start(SampleWar.export(war, "second-app"),
                List.of("labelgate.data-dir=" + System.getProperty("labelgate.it.data.dir")));
    }

    @Test
    void tokensReachAppsDeployedAfterThemWhenTheirLabelsMatch() throws Exception {
        String groupA = Tokens.read("group=A");
        String groupB = Tokens.read("group=B");
        String scopedToFirst = Tokens.read("labelgate/id=" + Tokens.appId("ai-app"));

        try (PayaraMicroProcess second = startSecondApp()) {
            UUID secondId = Tokens.appId("second-app");
            assertNotEquals(Tokens.appId("ai-app"), secondId);
            URI secondRoot = second.uri("/");

            assertEquals(200, Http.bearer(secondRoot, groupA).statusCode());
            assertEquals("Hello, World!", Http.bearer(secondRoot, groupA).body());
            assertEquals(403, Http.bearer(secondRoot, groupB).statusCode());
            assertEquals(403, Http.bearer(secondRoot, scopedToFirst).statusCode());
            assertEquals(200, Http.bearer(second.uri("/"), Tokens.read("labelgate/id=" + secondId)).statusCode());
            assertEquals(200, Http.bearer(second.uri("/api/hello"), Tokens.read("group=A,tier=web")).statusCode());
            assertEquals(403, Http.bearer(Http.loopback(base, "/"), Tokens.read("group=A,tier=web")).statusCode());
            assertEquals(403, Http.bearer(Http.loopback(base, "/"), Tokens.read("labelgate/id=" + secondId)).statusCode());
        }
    }

    @Test
    void tokenScopedByIdReachesItsAppOnly() {
        String scopedToFirst = Tokens.read("labelgate/id=" + Tokens.appId("ai-app"));

        assertEquals(200, Http.bearer(Http.loopback(base, "/"), scopedToFirst).statusCode());
        assertEquals(200, Http.bearer(Http.loopback(base, "/api/hello"), scopedToFirst).statusCode());
    }
}
