package io.labelgate.metrics;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A scrape in the Prometheus text format, parsed: each sample line's series (its name and labels,
 * as written) to its value. Comment lines are left out.
 */
public record Scrape(Map<String, Double> samples) {

    public static Scrape parse(byte[] body) {
        return parse(new String(body, StandardCharsets.UTF_8));
    }

    public static Scrape parse(String text) {
        Map<String, Double> samples = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            if (samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1))) != null) {
                throw new AssertionError("a series written twice: " + line);
            }
        }
        return new Scrape(samples);
    }

    /** The value of one series, which must be there. */
    public double value(String series) {
        Double value = samples.get(series);
        if (value == null) {
            throw new AssertionError("no series " + series + " in " + samples.keySet());
        }
        return value;
    }
}
