package io.labelgate.it;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * labelgate's metrics at {@code /labelgate/metrics} on the sample (embedded engine, its bundle):
 * known traffic to {@code /api/hello} moves the counters by exactly as much, and only the admin
 * credential may scrape.
 */
class MetricsIT extends DeployedPlainSample {

    private static String decisions(String result) {
        return "labelgate_decisions_total{engine=\"embedded\",result=\"" + result + "\"}";
    }

    /** One scrape with the admin credential, parsed: each series to its value. */
    private Map<String, Double> scrape() {
        HttpResponse<String> response =
                Http.get(uri("/labelgate/metrics"), "Authorization", "Bearer " + AdminApi.SECRET);
        assertEquals(200, response.statusCode(), response::body);
        // WildFly's Undertow writes the parameters without the space after ';'
        assertEquals(
                "text/plain;version=0.0.4;charset=utf-8",
                Http.header(response, "Content-Type").replace("; ", ";").toLowerCase(Locale.ROOT));
        Map<String, Double> samples = new HashMap<>();
        for (String line : response.body().split("\n")) {
            if (!line.isEmpty() && !line.startsWith("#")) {
                int space = line.lastIndexOf(' ');
                samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
            }
        }
        return samples;
    }

    private static double delta(Map<String, Double> before, Map<String, Double> after, String series) {
        Double now = after.get(series);
        if (now == null) {
            throw new AssertionError("no series " + series + " in " + after.keySet());
        }
        return now - before.getOrDefault(series, 0.0);
    }

    @Test
    void countsExactlyTheRequestsSentBetweenTwoScrapes() {
        String reader = api().read("group=A").token();
        String otherGroup = api().read("group=B").token();
        Map<String, Double> before = scrape();

        for (int i = 0; i < 3; i++) {
            assertEquals(200, Http.bearer(uri("/api/hello"), reader).statusCode());
        }
        for (int i = 0; i < 2; i++) {
            assertEquals(401, Http.get(uri("/api/hello")).statusCode());
        }
        assertEquals(403, Http.bearer(uri("/api/hello"), otherGroup).statusCode());
        Map<String, Double> after = scrape();

        assertEquals(3, delta(before, after, decisions("allowed")));
        assertEquals(2, delta(before, after, decisions("401")));
        assertEquals(1, delta(before, after, decisions("403")));
        assertEquals(0, delta(before, after, decisions("503")));
        // the sample's bundle is deterministic: the cache answers the reader's second and third request
        assertEquals(2, delta(before, after, "labelgate_decision_cache_hits_total"));
        assertEquals(2, delta(before, after, "labelgate_decision_cache_misses_total"));
        assertEquals(4, delta(before, after, "labelgate_decision_duration_seconds_count"));
        assertEquals(4, delta(before, after, "labelgate_token_verification_duration_seconds_count"));
        assertEquals(2, after.get("labelgate_registry_revocation_bound_seconds"));
        assertEquals(1, after.get("labelgate_policy_info{revision=\"1\",source=\"bundle\"}"));
    }

    @Test
    void isServedWhileTheAppIsStoppedAndCountsTheDecisionBehindItsRefusal() {
        String operator = api().operator("group=A").token();
        String reader = api().read("group=A").token();
        assertEquals(
                200,
                AppLifecycleIT.call("POST", uri("/labelgate/api/app/stop"), operator)
                        .statusCode());
        try {
            Map<String, Double> before = scrape();

            assertEquals(503, Http.bearer(uri("/api/hello"), reader).statusCode());
            Map<String, Double> after = scrape();

            // the policy allowed the reader; the stopped app refused it after the decision
            assertEquals(1, delta(before, after, decisions("allowed")));
            assertEquals(0, delta(before, after, decisions("503")));
        } finally {
            assertEquals(
                    200,
                    AppLifecycleIT.call("POST", uri("/labelgate/api/app/start"), operator)
                            .statusCode());
        }
    }

    @Test
    void theDecisionCountersAreInTheServersMicroProfileMetricsOnPayara() {
        assumeFalse(
                "wildfly".equals(System.getProperty("labelgate.it.server")),
                "WildFly's standalone.xml has neither MicroProfile Metrics nor Micrometer");
        String reader = api().read("group=A").token();
        assertEquals(200, Http.bearer(uri("/api/hello"), reader).statusCode());
        double ownCount = scrape().get(decisions("allowed"));

        HttpResponse<String> server = Http.get(URI.create("http://127.0.0.1:" + base.getPort() + "/metrics"));

        assertEquals(200, server.statusCode(), server::body);
        List<String> allowed = server.body()
                .lines()
                .filter(line -> line.startsWith("labelgate_decisions_total{") && line.contains("result=\"allowed\""))
                .toList();
        assertEquals(1, allowed.size(), server::body);
        String line = allowed.get(0);
        assertEquals(ownCount, Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)), line);
    }

    @Test
    void refusesAScrapeWithoutTheAdminCredential() {
        String reader = api().read("group=A").token();

        HttpResponse<String> anonymous = Http.get(uri("/labelgate/metrics"));
        HttpResponse<String> withAToken = Http.bearer(uri("/labelgate/metrics"), reader);

        assertEquals(401, anonymous.statusCode());
        assertEquals("Bearer realm=\"ai-app\"", Http.header(anonymous, "WWW-Authenticate"));
        assertEquals(401, withAToken.statusCode());
        assertEquals(
                "Bearer realm=\"ai-app\", error=\"invalid_token\", "
                        + "error_description=\"the credential is not valid for the metrics\"",
                Http.header(withAToken, "WWW-Authenticate"));
    }
}
