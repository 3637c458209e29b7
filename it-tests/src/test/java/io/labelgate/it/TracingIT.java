package io.labelgate.it;

import com.sun.net.httpserver.HttpServer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Decisions as spans where the container provides OpenTelemetry (Payara Micro's MicroProfile
 * Telemetry; WildFly's default configuration has no opentelemetry subsystem, so this runs on Payara
 * only): the sample, with the SDK switched on in its MicroProfile Config, exports over OTLP/HTTP to
 * a collector this test runs on loopback, which keeps every export it receives. The exports are
 * protobuf; attribute keys and string values appear in them as UTF-8, which is what is looked for.
 */
class TracingIT extends DeployedApp {

    private static final List<byte[]> EXPORTS = new ArrayList<>();
    private static HttpServer collector;

    @Deployment(testable = false)
    static WebArchive withTelemetry() throws IOException {
        collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        collector.createContext("/v1/traces", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                byte[] export = body.readAllBytes();
                synchronized (EXPORTS) {
                    EXPORTS.add(export);
                }
            }
            // an empty ExportTraceServiceResponse: everything accepted
            exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        collector.start();
        return SampleWar.archive(String.join(
                "\n",
                "otel.sdk.disabled=false",
                "otel.service.name=ai-app",
                "otel.traces.exporter=otlp",
                "otel.metrics.exporter=none",
                "otel.logs.exporter=none",
                "otel.exporter.otlp.protocol=http/protobuf",
                "otel.exporter.otlp.endpoint=http://127.0.0.1:"
                        + collector.getAddress().getPort(),
                "otel.bsp.schedule.delay=100"));
    }

    @AfterAll
    static void stopCollector() {
        if (collector != null) {
            collector.stop(0);
        }
    }

    private static boolean exported(String... texts) {
        synchronized (EXPORTS) {
            for (byte[] export : EXPORTS) {
                String body = new String(export, StandardCharsets.ISO_8859_1);
                boolean all = true;
                for (String text : texts) {
                    all &= body.contains(
                            new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1));
                }
                if (all) {
                    return true;
                }
            }
            return false;
        }
    }

    @Test
    void eachDecisionIsExportedAsASpanWithItsTokenActionAndResult() throws InterruptedException {
        AdminApi.Created reader = api().read("group=A");

        HttpResponse<String> hello = Http.bearer(uri("/api/hello"), reader.token());

        assertEquals(200, hello.statusCode(), hello::body);
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!exported("labelgate decision", reader.id()) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertTrue(
                exported(
                        "labelgate decision",
                        "labelgate.decision.id",
                        "labelgate.token.id",
                        reader.id(),
                        "labelgate.action",
                        "labelgate.result",
                        "allowed",
                        "labelgate.engine",
                        "embedded",
                        "labelgate.cached"),
                () -> "no span of the decision among " + EXPORTS.size() + " exports");
    }
}
