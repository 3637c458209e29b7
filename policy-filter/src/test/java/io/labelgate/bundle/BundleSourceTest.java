package io.labelgate.bundle;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BundleSourceTest {

    private static BundleSource of(String location) {
        return BundleSource.of(
                location,
                path -> path.equals("/WEB-INF/labelgate/policy.tar.gz")
                        ? new ByteArrayInputStream(new byte[] {1, 2, 3})
                        : null,
                Optional.empty(),
                Duration.ofSeconds(1));
    }

    @Test
    void aLocationNamesTheWarAFileOrAServer() {
        assertInstanceOf(BundleSource.WarResource.class, of("/WEB-INF/labelgate/policy.tar.gz"));
        assertInstanceOf(BundleSource.LocalFile.class, of("/etc/ai-app/policy.tar.gz"));
        assertInstanceOf(BundleSource.Server.class, of("https://bundles.example/ai-app.tar.gz"));
        assertEquals(
                "https://bundles.example/ai-app.tar.gz",
                of("https://bundles.example/ai-app.tar.gz").describe());
    }

    @Test
    void aRelativePathOrACredentialInTheUrlIsRefusedSayingWhatToDo() {
        IllegalArgumentException relative = assertThrows(IllegalArgumentException.class, () -> of("policy.tar.gz"));
        IllegalArgumentException userInfo = assertThrows(
                IllegalArgumentException.class, () -> of("https://deployer:s3cret@bundles.example/ai-app.tar.gz"));

        assertEquals(
                "must be /WEB-INF/... in the WAR, an http(s) URL or an absolute file path; \"policy.tar.gz\" "
                        + "is none of these",
                relative.getMessage());
        assertEquals(
                "the URL holds a user name or password; give the bundle server's credential as "
                        + "labelgate.policy.bundle.credential instead",
                userInfo.getMessage());
        assertFalse(userInfo.getMessage().contains("s3cret"));
    }

    @Test
    void aWarResourceIsReadOnceAndAMissingOneIsRefused() throws Exception {
        BundleSource war = of("/WEB-INF/labelgate/policy.tar.gz");

        assertEquals(3, war.fetchIfChanged().orElseThrow().length);
        assertEquals(Optional.empty(), war.fetchIfChanged(), "a WAR's resource does not change while it is deployed");
        BundleException missing = assertThrows(
                BundleException.class, () -> of("/WEB-INF/other.tar.gz").fetchIfChanged());
        assertEquals("the WAR has no /WEB-INF/other.tar.gz", missing.getMessage());
    }
}
