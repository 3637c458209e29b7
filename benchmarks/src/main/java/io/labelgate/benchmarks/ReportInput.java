package io.labelgate.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.labelgate.benchmarks.Report.Load;
import io.labelgate.benchmarks.Report.Micro;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * What {@link Report} reads: JMH's JSON results ({@code -rf json}) as {@link Micro}s, grouped
 * token verification, decisions, remote decisions, pipeline; and {@link LoadRun}'s JSON as
 * {@link Load}s.
 */
final class ReportInput {

    private static final String PACKAGE = "io.labelgate.benchmarks.";

    private ReportInput() {}

    /** The microbenchmarks of a JMH JSON file: token verification, decisions, remote ones, the pipeline. */
    static List<Micro> readJmh(ObjectMapper json, Path file) throws IOException {
        List<Micro> micros = new ArrayList<>();
        for (JsonNode run : json.readTree(file.toFile())) {
            String benchmark = run.path("benchmark").asText().replace(PACKAGE, "");
            String params = run.has("params")
                    ? fields(run.get("params")).entrySet().stream()
                            .map(e -> e.getKey() + "=" + e.getValue())
                            .collect(Collectors.joining(", "))
                    : "";
            JsonNode metric = run.path("primaryMetric");
            int iterations = 0;
            for (JsonNode fork : metric.path("rawData")) {
                iterations += fork.size();
            }
            // sampled benchmarks (SampleTime) keep a histogram per iteration instead of a score
            for (JsonNode fork : metric.path("rawDataHistogram")) {
                iterations += fork.size();
            }
            micros.add(new Micro(
                    benchmark,
                    params,
                    metric.path("scorePercentiles").path("50.0").asDouble(Double.NaN),
                    metric.path("score").asDouble(Double.NaN),
                    metric.path("scoreError").asDouble(Double.NaN),
                    iterations,
                    metric.path("scoreUnit").asText()));
        }
        micros.sort(Comparator.comparingInt(ReportInput::group));
        return micros;
    }

    /** Token verification first, then decisions, then the whole pipeline; JMH's order within each. */
    private static int group(Micro micro) {
        String benchmark = micro.benchmark();
        if (benchmark.startsWith("TokenVerification")) {
            return 0;
        }
        if (benchmark.startsWith("Decision")) {
            return 1;
        }
        if (benchmark.startsWith("RemoteDecision")) {
            return 2;
        }
        return 3;
    }

    private static Map<String, String> fields(JsonNode node) {
        Map<String, String> fields = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            fields.put(field.getKey(), field.getValue().asText());
        }
        return fields;
    }

    /** The targets of a {@link LoadRun} JSON file, in the order they ran. */
    static List<Load> readLoad(ObjectMapper json, Path file) {
        try {
            List<Load> loads = new ArrayList<>();
            JsonNode targets = json.readTree(file.toFile()).path("targets");
            String first = targets.path(0).path("name").asText();
            for (JsonNode target : targets) {
                List<Double> rounds = new ArrayList<>();
                target.path("roundRequestsPerSecond").forEach(round -> rounds.add(round.asDouble()));
                loads.add(new Load(
                        target.path("name").asText(),
                        target.path("protectedByLabelgate").asBoolean(),
                        target.path("credentials").asInt(),
                        target.path("requests").asLong(),
                        target.path("errors").asLong(),
                        target.path("seconds").asDouble(),
                        target.path("requestsPerSecond").asDouble(),
                        target.path("medianMicros").asDouble(),
                        target.path("p99Micros").asDouble(),
                        target.path("baseline").asText(first),
                        target.path("ratioToFirst").asDouble(Double.NaN),
                        List.copyOf(rounds),
                        target.path("generatorCores").asDouble(Double.NaN),
                        target.path("serverCores").asDouble(Double.NaN),
                        target.path("residentMiB").asLong(-1)));
            }
            return loads;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the load results " + file, e);
        }
    }
}
