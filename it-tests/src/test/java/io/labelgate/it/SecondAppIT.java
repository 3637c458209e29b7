package io.labelgate.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.File;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * Two protected apps: the sample deployed by Arquillian ({@code ai-app}) and a second WAR
 * ({@code second-app}, same labels {@code group=A}) started later in its own Payara Micro.
 * Selectors match apps deployed after the token was made; {@code labelgate/id} scopes to one app.
 */
@ExtendWith(ArquillianExtension.class)
class SecondAppIT {

    @ArquillianResource
    private URL base;

    @Deployment(testable = false)
    static WebArchive aiApp() {
        return ShrinkWrap.createFromZipFile(WebArchive.class,
                new File(System.getProperty("labelgate.it.war.dir"), "ai-app.war"));
    }

    private static PayaraMicroProcess startSecondApp() throws Exception {
        Path wars = Path.of(System.getProperty("labelgate.it.war.dir"));
        Path war = Files.copy(wars.resolve("ai-app.war"), wars.resolve("second-app.war"),
                StandardCopyOption.REPLACE_EXISTING);
        return PayaraMicroProcess.start(war, List.of(
                "labelgate.data-dir=" + System.getProperty("labelgate.it.data.dir"),
                "labelgate.jwt.signing-key-file=" + System.getProperty("labelgate.it.signing.key"),
                "labelgate.app.labels=group=A"));
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
