package io.labelgate.it;

import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.exporter.ZipExporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** The sample WAR the build copied for the tests, and variants of it written beside it. */
public final class SampleWar {

    private SampleWar() {}

    /**
     * A fresh copy of the sample WAR, deployed as {@code ai-app}, with the test admin secret in its
     * MicroProfile Config file: a secret on the server's command line would be printed in its log.
     */
    public static WebArchive archive() {
        return archive("");
    }

    /** The same, with these properties added to the sample's MicroProfile Config file. */
    public static WebArchive archive(String extraProperties) {
        WebArchive war = ShrinkWrap.createFromZipFile(
                WebArchive.class, new File(System.getProperty("labelgate.it.war.dir"), "ai-app.war"));
        String config = "/WEB-INF/classes/META-INF/microprofile-config.properties";
        String sample;
        try (InputStream in = war.get(config).getAsset().openStream()) {
            sample = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        war.delete(config);
        war.addAsResource(
                new StringAsset(sample + "\nlabelgate.admin.secret=" + AdminApi.SECRET + "\n" + extraProperties + "\n"),
                "META-INF/microprofile-config.properties");
        return war;
    }

    /** The sample WAR with its MicroProfile Config file replaced by these properties. */
    public static WebArchive withMicroProfileConfig(String properties) {
        WebArchive war = archive();
        war.delete("/WEB-INF/classes/META-INF/microprofile-config.properties");
        war.addAsResource(
                new StringAsset(properties + "\nlabelgate.admin.secret=" + AdminApi.SECRET + "\n"),
                "META-INF/microprofile-config.properties");
        return war;
    }

    /** The sample WAR file itself (deploys at {@code /ai-app}). */
    static Path file() {
        return Path.of(System.getProperty("labelgate.it.war.dir"), "ai-app.war");
    }

    /**
     * Writes a variant as {@code variants/<name>.war}, so it deploys at context root
     * {@code /<name>}; never over the sample WAR, which ShrinkWrap reads lazily.
     */
    static Path export(WebArchive war, String name) {
        Path file = Path.of(System.getProperty("labelgate.it.war.dir"), "variants", name + ".war");
        file.getParent().toFile().mkdirs();
        war.as(ZipExporter.class).exportTo(file.toFile(), true);
        return file;
    }
}
