package io.labelgate.bundle;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;

/**
 * The files of a bundle: a gzipped tar archive, read whole into memory within fixed bounds, with
 * names as OPA's bundle reader sees them (no leading {@code /}). Anything but regular files and
 * directories (links, devices), a name that climbs out of the bundle ({@code ..}) or a name given
 * twice refuses the archive.
 */
final class BundleArchive {

    /** The largest bundle archive labelgate fetches, compressed. */
    static final int MAX_COMPRESSED_BYTES = 32 * 1024 * 1024;
    /** The most a bundle may hold, uncompressed: its Wasm module and data, with room to spare. */
    static final long MAX_UNCOMPRESSED_BYTES = 128L * 1024 * 1024;

    static final int MAX_FILES = 10_000;

    private BundleArchive() {}

    /** The archive's files by name; unmodifiable, sorted. */
    static Map<String, byte[]> read(byte[] archive) throws BundleException {
        if (archive.length > MAX_COMPRESSED_BYTES) {
            throw new BundleException(
                    "the bundle is " + archive.length + " bytes; at most " + MAX_COMPRESSED_BYTES + " are read");
        }
        Map<String, byte[]> files = new TreeMap<>();
        long total = 0;
        try (TarArchiveInputStream tar =
                new TarArchiveInputStream(new GZIPInputStream(new ByteArrayInputStream(archive)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                if (entry.isDirectory()) {
                    continue;
                }
                String name = name(entry.getName());
                // isFile() is true of links and devices too: only the two regular-file flags are files
                if (entry.getLinkFlag() != TarConstants.LF_NORMAL && entry.getLinkFlag() != TarConstants.LF_OLDNORM) {
                    throw new BundleException("the bundle's entry " + name + " is not a regular file");
                }
                if (files.size() == MAX_FILES) {
                    throw new BundleException("the bundle holds more than " + MAX_FILES + " files");
                }
                byte[] content = readBounded(tar, MAX_UNCOMPRESSED_BYTES - total, name);
                total += content.length;
                if (files.put(name, content) != null) {
                    throw new BundleException("the bundle holds " + name + " twice");
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new BundleException("the bundle is not a gzipped tar archive: " + e.getMessage(), e);
        }
        if (files.isEmpty()) {
            throw new BundleException("the bundle holds no files");
        }
        return Collections.unmodifiableMap(files);
    }

    /** {@code /policy.wasm}, {@code ./policy.wasm} and {@code policy.wasm} are one file, as for OPA. */
    private static String name(String raw) throws BundleException {
        String name = raw.replace('\\', '/');
        while (name.startsWith("./") || name.startsWith("/")) {
            name = name.startsWith("./") ? name.substring(2) : name.substring(1);
        }
        for (String segment : name.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new BundleException("the bundle's entry name \"" + raw + "\" is not a plain relative path");
            }
        }
        return name;
    }

    private static byte[] readBounded(InputStream in, long allowed, String name) throws IOException, BundleException {
        byte[] content = in.readNBytes((int) Math.min(allowed + 1, Integer.MAX_VALUE - 8));
        if (content.length > allowed) {
            throw new BundleException(
                    "the bundle is larger than " + MAX_UNCOMPRESSED_BYTES + " bytes uncompressed (at " + name + ")");
        }
        return content;
    }
}
