package io.labelgate.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;

import javax.imageio.ImageIO;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Turns JMH's JSON results ({@code -rf json}) and {@link LoadRun}'s into
 * {@code docs/benchmarks/results.md} (tables, and the targets as met / not met) and
 * {@code results.png} (a bar chart drawn with Java2D, headless: {@link ReportChart}). Prints the
 * Markdown.
 *
 * <pre>
 * java -Djava.awt.headless=true -cp labelgate-benchmarks.jar io.labelgate.benchmarks.Report \
 *   --jmh jmh.json --load load.json --md results.md --png results.png \
 *   --mode full --nproc "$(nproc)" --java "$(java -version 2>&amp;1 | head -n 1)" [--note "…"]
 * </pre>
 */
public final class Report {

    /** One JMH result: a benchmark with its parameters, in microseconds per operation. */
    record Micro(
            String benchmark, String params, double median, double mean, double error, int iterations, String unit) {
        String label() {
            return params.isEmpty() ? benchmark : benchmark + " [" + params + "]";
        }
    }

    /**
     * One load target's numbers; ratioToFirst is the median over rounds of its throughput divided
     * by its baseline's in the same round: the target named {@code baseline}, the first one
     * (LoadRun measures the unprotected app first) unless it names another; rounds are its
     * requests per second, round by round.
     */
    record Load(
            String name,
            boolean isProtected,
            int credentials,
            long requests,
            long errors,
            double seconds,
            double requestsPerSecond,
            double medianMicros,
            double p99Micros,
            String baseline,
            double ratioToFirst,
            List<Double> rounds,
            double generatorCores,
            double serverCores,
            long residentMiB) {

        /** The MicroProfile JWT peer (the benchmark names its targets {@code peer-…}): not labelgate. */
        boolean isPeer() {
            return name.startsWith(ReportTargets.PEER_PREFIX);
        }

        boolean isLabelgate() {
            return isProtected && !isPeer();
        }
    }

    /** The target a load is compared with: its baseline. */
    static Optional<Load> baselineOf(List<Load> loads, Load load) {
        return loads.stream()
                .filter(candidate -> candidate.name().equals(load.baseline()))
                .findFirst();
    }

    /** A target's throughput relative to its baseline's: round by round where LoadRun took it so. */
    static double ratio(List<Load> loads, Load load) {
        if (!Double.isNaN(load.ratioToFirst())) {
            return load.ratioToFirst();
        }
        return baselineOf(loads, load)
                .map(baseline -> load.requestsPerSecond() / baseline.requestsPerSecond())
                .orElse(Double.NaN);
    }

    /**
     * How many times {@code load}'s throughput {@code other}'s is: the median of the per-round
     * ratios (both ran in every round, one after the other), else of the medians.
     */
    static double ratioTo(Load load, Load other) {
        if (load.rounds().size() == other.rounds().size() && !load.rounds().isEmpty()) {
            double[] ratios = new double[load.rounds().size()];
            for (int i = 0; i < ratios.length; i++) {
                ratios[i] = load.rounds().get(i) / other.rounds().get(i);
            }
            return LoadRun.median(ratios);
        }
        return load.requestsPerSecond() / other.requestsPerSecond();
    }

    private Report() {}

    public static void main(String[] args) throws IOException {
        Map<String, String> options = new TreeMap<>();
        List<String> notes = new ArrayList<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if ("--note".equals(args[i])) {
                notes.add(args[i + 1]);
            } else {
                options.put(args[i], args[i + 1]);
            }
        }
        ObjectMapper json = new ObjectMapper();
        List<Micro> micros = ReportInput.readJmh(json, Path.of(require(options, "--jmh")));
        List<Load> loads = Optional.ofNullable(options.get("--load"))
                .map(Path::of)
                .filter(Files::isRegularFile)
                .map(path -> ReportInput.readLoad(json, path))
                .orElse(List.of());
        options.putIfAbsent(
                "--date",
                ZonedDateTime.ofInstant(
                                Files.getLastModifiedTime(Path.of(options.get("--jmh")))
                                        .toInstant(),
                                ZoneOffset.UTC)
                        .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")));
        String markdown = markdown(micros, loads, options, notes);
        Path md = Path.of(require(options, "--md"));
        Path png = Path.of(require(options, "--png"));
        Files.createDirectories(md.toAbsolutePath().getParent());
        Files.writeString(md, markdown, StandardCharsets.UTF_8);
        Files.createDirectories(png.toAbsolutePath().getParent());
        ImageIO.write(ReportChart.draw(micros, loads, options.getOrDefault("--mode", "full")), "png", png.toFile());
        System.out.print(markdown);
    }

    private static String require(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("Report: " + name + " is required");
        }
        return value;
    }

    static String markdown(List<Micro> micros, List<Load> loads, Map<String, String> options, List<String> notes) {
        StringBuilder md = new StringBuilder();
        md.append("# labelgate benchmark results\n\n");
        md.append("Written by `scripts/benchmark.sh")
                .append("quick".equals(options.get("--mode")) ? " --quick" : "")
                .append("`; the chart is [`results.png`](results.png).\n\n");
        md.append("| machine | |\n|---|---|\n");
        md.append("| date (of the JMH results) | ")
                .append(options.getOrDefault("--date", "?"))
                .append(" |\n");
        md.append("| processors (`nproc`) | ")
                .append(options.getOrDefault("--nproc", "?"))
                .append(" |\n");
        md.append("| CPU | ").append(cpuModel()).append(" |\n");
        md.append("| Java | ")
                .append(cell(options.getOrDefault(
                                "--java",
                                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"))
                        .strip()))
                .append(" |\n");
        md.append("| mode | ").append(options.getOrDefault("--mode", "full")).append(" |\n\n");

        md.append("## Targets of the issue\n\n| target | measured | |\n|---|---|---|\n");
        for (String[] row : ReportTargets.of(micros, loads)) {
            md.append("| ")
                    .append(row[0])
                    .append(" | ")
                    .append(row[1])
                    .append(" | ")
                    .append(row[2])
                    .append(" |\n");
        }

        md.append("\n## Microbenchmarks (JMH, one thread, average time per operation)\n\n");
        md.append("| benchmark | median µs/op | mean ± 99.9 % error µs/op | iterations |\n|---|---:|---:|---:|\n");
        for (Micro micro : micros) {
            md.append("| `")
                    .append(micro.label())
                    .append("` | ")
                    .append(number(micro.median()))
                    .append(" | ")
                    .append(number(micro.mean()))
                    .append(" ± ")
                    .append(number(micro.error()))
                    .append(" | ")
                    .append(micro.iterations())
                    .append(" |\n");
        }
        md.append("\nThe median is over the measurement iterations' averages (each iteration times many calls), "
                + "except for the remote rows, which sample the calls (JMH SampleTime): their median is of the calls "
                + "themselves ([remote-transport.md](remote-transport.md) has their p99).\n");

        if (!loads.isEmpty()) {
            md.append("\n## Load (Payara Micro, `GET /ai-app/` → `Hello, World!`, loopback, driven by `")
                    .append(options.getOrDefault("--generator", "wrk"))
                    .append("`)\n\n");
            md.append("| target | credentials | requests/s (median of rounds) | median µs | p99 µs | requests | errors "
                    + "| compared with | throughput ratio (median of per-round ratios) | median added µs "
                    + "| wrk cores | server cores | resident MiB |\n"
                    + "|---|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|\n");
            for (Load load : loads) {
                Optional<Load> baseline = baselineOf(loads, load).filter(other -> other != load);
                md.append("| ")
                        .append(load.name())
                        .append(" | ")
                        .append(load.credentials())
                        .append(" | ")
                        .append(number(load.requestsPerSecond()))
                        .append(" | ")
                        .append(number(load.medianMicros()))
                        .append(" | ")
                        .append(number(load.p99Micros()))
                        .append(" | ")
                        .append(load.requests())
                        .append(" | ")
                        .append(load.errors())
                        .append(" | ")
                        .append(baseline.map(Load::name).orElse("–"))
                        .append(" | ")
                        .append(baseline.isPresent() ? ratio(ratio(loads, load)) : "1.00")
                        .append(" | ")
                        .append(baseline.map(other -> signed(load.medianMicros() - other.medianMicros()))
                                .orElse("–"))
                        .append(" | ")
                        .append(number(load.generatorCores()))
                        .append(" | ")
                        .append(number(load.serverCores()))
                        .append(" | ")
                        .append(load.residentMiB() < 0 ? "–" : Long.toString(load.residentMiB()))
                        .append(" |\n");
            }
            md.append("\nwrk runs one thread on one core: its CPU use per second of load is in \"wrk cores\" "
                            + "(well under 1: the generator is not the bottleneck); the server's in \"server cores\" "
                            + "(the machine has ")
                    .append(options.getOrDefault("--nproc", "?"))
                    .append(").\n");
        }
        if (!notes.isEmpty()) {
            md.append("\n## Notes\n\n");
            notes.forEach(note -> md.append("- ").append(note).append('\n'));
        }
        return md.toString();
    }

    static String number(double value) {
        if (Double.isNaN(value)) {
            return "–";
        }
        if (Math.abs(value) >= 100) {
            return String.format(Locale.ROOT, "%,.0f", value);
        }
        if (Math.abs(value) >= 10) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        return String.format(Locale.ROOT, "%.2f", value);
    }

    static String signed(double value) {
        return (value >= 0 ? "+" : "−") + number(Math.abs(value));
    }

    static String ratio(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }

    static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo"), StandardCharsets.UTF_8).stream()
                    .filter(line -> line.startsWith("model name"))
                    .findFirst()
                    .map(line -> line.substring(line.indexOf(':') + 1).strip())
                    .orElse("unknown");
        } catch (IOException e) {
            return "unknown (no /proc/cpuinfo)";
        }
    }
}
