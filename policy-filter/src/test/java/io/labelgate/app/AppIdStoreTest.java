package io.labelgate.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AppIdStoreTest {

    @TempDir
    Path dataDir;

    @Test
    void createsTheIdOnceAndReturnsTheSameIdNextTime() throws Exception {
        UUID first = new AppIdStore(dataDir, "ai-app").loadOrCreate();

        UUID second = new AppIdStore(dataDir, "ai-app").loadOrCreate();

        assertEquals(first, second);
        assertEquals(
                first + "\n", Files.readString(dataDir.resolve("ai-app").resolve("app-id"), StandardCharsets.US_ASCII));
    }

    @Test
    void leavesNoTemporaryFileBehind() throws Exception {
        new AppIdStore(dataDir, "ai-app").loadOrCreate();

        try (Stream<Path> files = Files.list(dataDir.resolve("ai-app"))) {
            assertEquals(List.of(dataDir.resolve("ai-app").resolve("app-id")), files.toList());
        }
    }

    @Test
    void keepsSeparateIdsForSeparateApps() {
        assertNotEquals(
                new AppIdStore(dataDir, "ai-app").loadOrCreate(), new AppIdStore(dataDir, "billing").loadOrCreate());
    }

    @Test
    void readsAnIdWrittenByHand() throws Exception {
        Files.createDirectories(dataDir.resolve("ai-app"));
        Files.writeString(dataDir.resolve("ai-app").resolve("app-id"), "  6f1c2a3e-0000-4000-8000-000000000001 \n");

        assertEquals(
                UUID.fromString("6f1c2a3e-0000-4000-8000-000000000001"),
                new AppIdStore(dataDir, "ai-app").loadOrCreate());
    }

    @Test
    void refusesACorruptFileNamingIt() throws Exception {
        Path file = Files.createDirectories(dataDir.resolve("ai-app")).resolve("app-id");
        Files.writeString(file, "not a uuid\n");

        IllegalStateException refused =
                assertThrows(IllegalStateException.class, () -> new AppIdStore(dataDir, "ai-app").loadOrCreate());
        assertEquals(file + " does not hold a UUID; remove it to generate a new app id", refused.getMessage());
    }
}
