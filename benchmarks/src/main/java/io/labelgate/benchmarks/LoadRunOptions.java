package io.labelgate.benchmarks;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * {@link LoadRun}'s command line: the load's shape and its targets, every one an http URL on
 * loopback. A wrong option is an IllegalArgumentException that names it.
 */
final class LoadRunOptions {

    private LoadRunOptions() {}

    /**
     * One app to load: a name for the report, its URL, the file of credentials (none: unprotected)
     * and how they are sent, the server's PID when its CPU and memory are to be measured, and the
     * target its throughput is compared with (none: the first).
     */
    record Target(
            String name,
            URI url,
            Optional<Path> credentials,
            String mode,
            OptionalLong pid,
            Optional<String> baseline) {
        static Target parse(String spec) {
            Map<String, String> fields = new HashMap<>();
            for (String field : spec.split(",")) {
                int equals = field.indexOf('=');
                if (equals < 1) {
                    throw new IllegalArgumentException("--target takes name=...,url=...[,credentials=file]"
                            + "[,mode=bearer|cookie][,pid=N][,baseline=name], not " + spec);
                }
                fields.put(field.substring(0, equals), field.substring(equals + 1));
            }
            String name = fields.remove("name");
            String url = fields.remove("url");
            if (name == null || name.isBlank() || url == null) {
                throw new IllegalArgumentException("--target needs name= and url=: " + spec);
            }
            URI uri = URI.create(url);
            requireLoopback(uri);
            Optional<Path> credentials =
                    Optional.ofNullable(fields.remove("credentials")).map(Path::of);
            String mode = Objects.requireNonNullElse(fields.remove("mode"), "bearer");
            if (!mode.equals("bearer") && !mode.equals("cookie")) {
                throw new IllegalArgumentException("mode is bearer or cookie, not " + mode);
            }
            String pid = fields.remove("pid");
            Optional<String> baseline = Optional.ofNullable(fields.remove("baseline"));
            if (!fields.isEmpty()) {
                throw new IllegalArgumentException("unknown --target fields " + fields.keySet());
            }
            return new Target(
                    name,
                    uri,
                    credentials,
                    mode,
                    pid == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(pid)),
                    baseline);
        }
    }

    /** The whole command line. */
    record Settings(int users, Duration warmup, Duration duration, int rounds, Path out, List<Target> targets) {}

    static void requireLoopback(URI url) {
        if (!"http".equals(url.getScheme()) || url.getHost() == null) {
            throw new IllegalArgumentException("targets are http URLs on loopback, not " + url);
        }
        try {
            for (InetAddress address : InetAddress.getAllByName(url.getHost())) {
                if (!address.isLoopbackAddress()) {
                    throw new IllegalArgumentException("LoadRun loads loopback addresses only; " + url.getHost()
                            + " is " + address.getHostAddress());
                }
            }
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("unknown host " + url.getHost(), e);
        }
    }

    /** The options, or an IllegalArgumentException that says which is wrong. */
    static Settings parse(String[] args) {
        int users = 16;
        Duration warmup = Duration.ofSeconds(10);
        Duration duration = Duration.ofSeconds(20);
        int rounds = 1;
        Path out = Path.of("load.json");
        List<Target> targets = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            String value = args[++i];
            switch (flag) {
                case "--users" -> users = positive(flag, Integer.parseInt(value));
                case "--warmup" -> warmup = duration(flag, value);
                case "--duration" -> duration = duration(flag, value);
                case "--rounds" -> rounds = positive(flag, Integer.parseInt(value));
                case "--out" -> out = Path.of(value);
                case "--target" -> targets.add(Target.parse(value));
                default -> throw new IllegalArgumentException("unknown option " + flag);
            }
        }
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("at least one --target is needed");
        }
        Set<String> names = new HashSet<>();
        for (Target target : targets) {
            if (!names.add(target.name())) {
                throw new IllegalArgumentException("two targets are named " + target.name());
            }
        }
        for (Target target : targets) {
            target.baseline().filter(baseline -> !names.contains(baseline)).ifPresent(baseline -> {
                throw new IllegalArgumentException(target.name() + "'s baseline " + baseline + " is not a target");
            });
        }
        return new Settings(users, warmup, duration, rounds, out, List.copyOf(targets));
    }

    private static int positive(String flag, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(flag + " must be at least 1");
        }
        return value;
    }

    /** {@code 20s}, {@code 500ms}, or an ISO-8601 duration such as {@code PT20S}. */
    static Duration duration(String flag, String value) {
        Objects.requireNonNull(value, flag);
        Duration parsed;
        if (value.endsWith("ms")) {
            parsed = Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
        } else if (value.endsWith("s") && !value.startsWith("P")) {
            parsed = Duration.ofMillis(Math.round(Double.parseDouble(value.substring(0, value.length() - 1)) * 1000));
        } else {
            parsed = Duration.parse(value);
        }
        if (parsed.isNegative() || parsed.isZero()) {
            throw new IllegalArgumentException(flag + " must be positive, not " + value);
        }
        return parsed;
    }
}
