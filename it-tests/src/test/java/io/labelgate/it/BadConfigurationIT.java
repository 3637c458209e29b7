package io.labelgate.it;

import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A configuration labelgate cannot start with fails the deployment with a message naming the
 * key, and the application is never served unprotected.
 */
class BadConfigurationIT {

    @Test
    void missingRegionFailsTheDeploymentNamingTheKeyAndTheAppIsNotServed() throws Exception {
        WebArchive war = SampleWar.archive();
        war.delete("/WEB-INF/classes/META-INF/microprofile-config.properties");
        war.addAsResource(new StringAsset("labelgate.app.labels=group=A\n"), "META-INF/microprofile-config.properties");

        try (PayaraMicroProcess server = PayaraMicroProcess.start(
                SampleWar.export(war, "unconfigured-app"),
                List.of(
                        "labelgate.data-dir=" + System.getProperty("labelgate.it.data.dir"),
                        "labelgate.jwt.signing-key-file=" + System.getProperty("labelgate.it.signing.key")))) {

            assertTrue(
                    server.log().contains("labelgate configuration: labelgate.app.region: required, e.g. GRA"),
                    "the deployment error names the key");
            assertEquals(404, Http.bearer(server.uri("/"), "any-token").statusCode());
            assertEquals(404, Http.get(server.uri("/api/hello")).statusCode());
        }
    }
}
