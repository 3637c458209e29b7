package io.labelgate.bundle;

import io.labelgate.decision.OpaServer;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bundles for tests, built the way a deployer builds them: policies/bundle.sh with the real OPA
 * ({@code -Dopa.executable}), from rule files written into a temporary directory.
 */
final class TestBundles {

    /** The repository's policies/bundle.sh, from the module directory the tests run in. */
    static final Path BUNDLE_SH =
            Path.of("..", "policies", "bundle.sh").toAbsolutePath().normalize();
    /** The sample's committed bundle. */
    static final Path SAMPLE = Path.of(
                    "..", "sample-war", "src", "main", "webapp", "WEB-INF", "labelgate", "policy.tar.gz")
            .toAbsolutePath()
            .normalize();

    private TestBundles() {}

    /**
     * Builds a bundle of labelgate's policy plus these rule files ({@code name -> Rego}) under
     * {@code work}; {@code extra} are more bundle.sh options ({@code --data F}, {@code --signing-key K}).
     */
    static byte[] build(Path work, String name, Map<String, String> rules, String... extra)
            throws IOException, InterruptedException {
        Path dir = work.resolve(name);
        Files.createDirectories(dir);
        for (Map.Entry<String, String> rule : rules.entrySet()) {
            Files.writeString(dir.resolve(rule.getKey()), rule.getValue(), StandardCharsets.UTF_8);
        }
        Path out = work.resolve(name + ".tar.gz");
        List<String> command = new ArrayList<>(List.of("bash", BUNDLE_SH.toString()));
        command.addAll(List.of(extra));
        command.addAll(List.of("--output", out.toString(), dir.toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(work.resolve(name + ".log").toFile());
        builder.environment().put("OPA", OpaServer.executable().toString());
        Process process = builder.start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "bundle.sh did not finish within 120 s");
        assertEquals(0, process.exitValue(), () -> "bundle.sh failed: " + read(work.resolve(name + ".log")));
        return Files.readAllBytes(out);
    }

    /** A fresh RSA key pair, its private half written as PKCS#8 PEM (what opa build --signing-key takes). */
    static KeyPair rsaKey(Path privatePem) throws IOException {
        KeyPair pair;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            pair = generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        Files.writeString(privatePem, pem("PRIVATE KEY", pair.getPrivate().getEncoded()), StandardCharsets.US_ASCII);
        return pair;
    }

    static String publicPem(KeyPair pair) {
        return pem("PUBLIC KEY", pair.getPublic().getEncoded());
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    /** Writes files (name -> bytes) as a gzipped tar archive, as a tampering attacker would repack one. */
    static byte[] pack(Map<String, byte[]> files) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(bytes))) {
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                TarArchiveEntry entry = new TarArchiveEntry("/" + file.getKey());
                entry.setSize(file.getValue().length);
                tar.putArchiveEntry(entry);
                tar.write(file.getValue());
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(cannot read " + file + ")";
        }
    }
}
