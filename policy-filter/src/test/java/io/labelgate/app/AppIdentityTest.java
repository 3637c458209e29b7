package io.labelgate.app;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AppIdentityTest {

    private static final UUID ID = UUID.fromString("6f1c2a3e-0000-4000-8000-000000000001");

    @Test
    void dropsEveryReservedLabelTheDeployerSetWithOneWarningEachAndSetsThePlatformLabels() {
        List<String> warnings = new ArrayList<>();
        Map<String, String> configured = new TreeMap<>(Map.of(
                "group",
                "A",
                "labelgate/id",
                "someone-else",
                "labelgate/type",
                "admin",
                "labelgate/other",
                "x",
                "labelgate.example/id",
                "kept"));

        AppIdentity app = AppIdentity.withReservedLabels(ID, "GRA", configured, "labelgate/", warnings::add);

        assertEquals(
                new AppIdentity(
                        ID,
                        "GRA",
                        Map.of(
                                "group",
                                "A",
                                "labelgate.example/id",
                                "kept",
                                "labelgate/id",
                                ID.toString(),
                                "labelgate/type",
                                "app")),
                app);
        assertEquals(
                List.of(
                        "label labelgate/id is reserved for the platform: the configured value \"someone-else\" is ignored",
                        "label labelgate/other is reserved for the platform: the configured value \"x\" is ignored",
                        "label labelgate/type is reserved for the platform: the configured value \"admin\" is ignored"),
                warnings);
    }

    @Test
    void usesTheConfiguredReservedPrefix() {
        List<String> warnings = new ArrayList<>();

        AppIdentity app = AppIdentity.withReservedLabels(
                ID, "BHS", Map.of("ovh/id", "x", "labelgate/id", "y"), "ovh/", warnings::add);

        assertEquals(Map.of("labelgate/id", "y", "ovh/id", ID.toString(), "ovh/type", "app"), app.labels());
        assertEquals(
                List.of("label ovh/id is reserved for the platform: the configured value \"x\" is ignored"), warnings);
    }

    @Test
    void warnsAboutNothingWhenNoReservedLabelIsConfigured() {
        List<String> warnings = new ArrayList<>();

        AppIdentity app = AppIdentity.withReservedLabels(ID, "GRA", Map.of(), "labelgate/", warnings::add);

        assertEquals(Map.of("labelgate/id", ID.toString(), "labelgate/type", "app"), app.labels());
        assertEquals(List.of(), warnings);
    }
}
