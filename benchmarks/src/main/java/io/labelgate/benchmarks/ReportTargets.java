package io.labelgate.benchmarks;

import io.labelgate.benchmarks.Report.Load;
import io.labelgate.benchmarks.Report.Micro;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static io.labelgate.benchmarks.Report.number;
import static io.labelgate.benchmarks.Report.ratio;
import static io.labelgate.benchmarks.Report.ratioTo;
import static io.labelgate.benchmarks.Report.signed;

/**
 * The benchmark's targets — labelgate's throughput against the unprotected app's, its memory
 * overhead, its decision latencies, and its JAX-RS rows against the MicroProfile JWT peer's — and
 * whether a run met each: the table at the head of the report.
 */
final class ReportTargets {

    /** The targets. */
    /** One token, warm caches: the throughput the issue asks of the embedded engine. */
    static final double MIN_ONE_TOKEN_RATIO = 0.93;
    /** 10,000 registered tokens chosen at random, on H2 and on PostgreSQL alike. */
    static final double MIN_MANY_TOKENS_RATIO = 0.88;
    /** Resident set of a protected server over the unprotected one's. */
    static final long MAX_RESIDENT_OVERHEAD_MIB = 64;

    static final double MAX_EMBEDDED_DECISION_MICROS = 30;
    static final double MAX_REMOTE_DECISION_MICROS = 250;

    /** labelgate's rows on the JAX-RS path, each with the peer's row it must be faster than. */
    static final Map<String, String> PEER_ROWS =
            Map.of("one-token-api", "peer-one-token-api", "10k-h2-api", "peer-10k-api");

    static final String PEER_PREFIX = "peer-";

    private static final String EMBEDDED_UNCACHED = "DecisionBenchmark.embeddedUncached";
    private static final String REMOTE_UNCACHED = "RemoteDecisionBenchmark.remoteUncached";

    /** The three targets, each as {what, measured, met / not met / not measured}. */
    static List<String[]> of(List<Micro> micros, List<Load> loads) {
        List<String[]> rows = new ArrayList<>();
        Optional<Load> plain = unprotected(loads);
        throughputTarget(rows, loads, plain, "one-token", "one token, warm caches", MIN_ONE_TOKEN_RATIO);
        throughputTarget(
                rows, loads, plain, "10k-h2", "10,000 registered tokens at random, H2 registry", MIN_MANY_TOKENS_RATIO);
        throughputTarget(
                rows,
                loads,
                plain,
                "10k-postgres",
                "10,000 registered tokens at random, PostgreSQL registry",
                MIN_MANY_TOKENS_RATIO);
        for (Map.Entry<String, String> pair : new TreeMap<>(PEER_ROWS).entrySet()) {
            peerTarget(rows, loads, pair.getKey(), pair.getValue());
        }
        Optional<Load> heaviest = loads.stream()
                .filter(Load::isLabelgate)
                .filter(load -> load.residentMiB() >= 0)
                .max(Comparator.comparingLong(Load::residentMiB));
        if (plain.isPresent() && plain.get().residentMiB() >= 0 && heaviest.isPresent()) {
            long overhead = heaviest.get().residentMiB() - plain.get().residentMiB();
            rows.add(new String[] {
                "resident set over the unprotected app ≤ " + MAX_RESIDENT_OVERHEAD_MIB + " MiB",
                overhead + " MiB (" + heaviest.get().name() + " "
                        + heaviest.get().residentMiB() + " MiB, unprotected "
                        + plain.get().residentMiB() + " MiB)",
                verdict(overhead <= MAX_RESIDENT_OVERHEAD_MIB)
            });
        } else {
            rows.add(new String[] {
                "resident set over the unprotected app ≤ " + MAX_RESIDENT_OVERHEAD_MIB + " MiB", "–", "not measured"
            });
        }
        Optional<Micro> decision = find(micros, EMBEDDED_UNCACHED);
        rows.add(new String[] {
            "uncached embedded decision ≤ 30 µs median",
            decision.map(micro -> number(micro.median()) + " µs").orElse("–"),
            decision.map(micro -> verdict(micro.median() <= MAX_EMBEDDED_DECISION_MICROS))
                    .orElse("not measured")
        });
        Optional<Micro> remote = find(micros, REMOTE_UNCACHED);
        rows.add(new String[] {
            "a whole uncached remote decision ≤ 250 µs median on loopback",
            remote.map(micro -> number(micro.median()) + " µs"
                            + decision.map(local -> " (" + signed(micro.median() - local.median())
                                            + " µs over the embedded engine)")
                                    .orElse(""))
                    .orElse("–"),
            remote.map(micro -> verdict(micro.median() <= MAX_REMOTE_DECISION_MICROS))
                    .orElse("not measured")
        });
        return rows;
    }

    private static void throughputTarget(
            List<String[]> rows, List<Load> loads, Optional<Load> plain, String name, String what, double minimum) {
        String label = what + ": throughput ≥ " + ratio(minimum) + " of the unprotected app";
        Optional<Load> load = named(loads, name);
        if (plain.isPresent() && load.isPresent() && plain.get().requestsPerSecond() > 0) {
            double ratio = ratio(loads, load.get());
            rows.add(new String[] {
                label,
                ratio(ratio) + " (" + number(load.get().requestsPerSecond()) + " / "
                        + number(plain.get().requestsPerSecond()) + " req/s)",
                verdict(ratio >= minimum)
            });
        } else {
            rows.add(new String[] {label, "–", "not measured"});
        }
    }

    /** labelgate's row against the MicroProfile JWT peer's on the same path: faster is met. */
    private static void peerTarget(List<String[]> rows, List<Load> loads, String name, String peerName) {
        String label = "faster than the MicroProfile JWT peer: " + name + " against " + peerName;
        Optional<Load> load = named(loads, name);
        Optional<Load> peer = named(loads, peerName);
        if (load.isPresent() && peer.isPresent() && peer.get().requestsPerSecond() > 0) {
            double ratio = ratioTo(load.get(), peer.get());
            rows.add(new String[] {
                label,
                "× " + ratio(ratio) + " (" + number(load.get().requestsPerSecond()) + " / "
                        + number(peer.get().requestsPerSecond()) + " req/s; median "
                        + number(load.get().medianMicros())
                        + " / " + number(peer.get().medianMicros()) + " µs)",
                verdict(ratio > 1)
            });
        } else {
            rows.add(new String[] {label, "–", "not measured"});
        }
    }

    private static Optional<Load> named(List<Load> loads, String name) {
        return loads.stream().filter(candidate -> candidate.name().equals(name)).findFirst();
    }

    private static Optional<Load> unprotected(List<Load> loads) {
        return loads.stream().filter(load -> !load.isProtected()).findFirst();
    }

    private static Optional<Micro> find(List<Micro> micros, String benchmark) {
        return micros.stream()
                .filter(micro -> micro.benchmark().equals(benchmark))
                .findFirst();
    }

    private static String verdict(boolean met) {
        return met ? "**met**" : "**not met**";
    }

    private ReportTargets() {}
}
