package io.labelgate.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * {@code labelgate}: the top command. Holds the global options, inherited by every subcommand,
 * and the process environment (given, not read with {@code System.getenv} deep inside, so tests
 * pass their own).
 */
@Command(
        name = "labelgate",
        scope = ScopeType.INHERIT,
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Manage labelgate tokens and the lifecycle of a protected app, and ask what a token may do.",
        subcommands = {TokenCommand.class, AppCommand.class, CanCommand.class, AuditCommand.class},
        footer = {
            "",
            "Secrets are never arguments: the admin secret comes from LABELGATE_ADMIN_SECRET or "
                    + "--admin-secret-file, a token from LABELGATE_TOKEN or --token-file."
        })
public final class LabelgateCommand implements Callable<Integer> {

    /** Environment variable of the app's base URL, the default of {@code --url}. */
    public static final String URL_VARIABLE = "LABELGATE_URL";

    /** Longest {@code --timeout} accepted, in seconds. */
    static final int MAX_TIMEOUT_SECONDS = 3600;

    /** How results are printed. */
    enum OutputFormat {
        /** For people: a line, a table. */
        TEXT,
        /** The server's JSON, unchanged, for scripts. */
        JSON;

        /** Reads the lower-case word. */
        static final class Converter implements ITypeConverter<OutputFormat> {
            @Override
            public OutputFormat convert(String value) {
                return Choices.parse(OutputFormat.class, value);
            }
        }
    }

    @Option(
            names = "--url",
            scope = ScopeType.INHERIT,
            paramLabel = "URL",
            description = "the app's base URL, e.g. http://127.0.0.1:8080/ai-app (default: env " + URL_VARIABLE + ")")
    private String url;

    @Option(
            names = "--output",
            scope = ScopeType.INHERIT,
            converter = OutputFormat.Converter.class,
            paramLabel = "text|json",
            defaultValue = "text",
            description = "text for people, json for scripts: the server's JSON unchanged (default: text)")
    private OutputFormat output;

    @Option(
            names = "--timeout",
            scope = ScopeType.INHERIT,
            paramLabel = "SECONDS",
            defaultValue = "10",
            description = "longest wait to connect and for the answer, in seconds (default: ${DEFAULT-VALUE})")
    private int timeoutSeconds;

    @Spec
    private CommandSpec spec;

    private final Map<String, String> env;
    private final Clock clock;

    /** @param env the process environment: {@code LABELGATE_URL}, {@code LABELGATE_ADMIN_SECRET}, {@code LABELGATE_TOKEN} */
    public LabelgateCommand(Map<String, String> env) {
        this(env, Clock.systemUTC());
    }

    /**
     * @param env   the process environment
     * @param clock "now", for {@code --expires-in}
     */
    LabelgateCommand(Map<String, String> env, Clock clock) {
        this.env = Map.copyOf(Objects.requireNonNull(env, "env"));
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Integer call() {
        throw new CliException(ExitCodes.USAGE, "name a command: token, app or can (see 'labelgate --help')");
    }

    /** The client for {@code --url} or {@code LABELGATE_URL}, with {@code --timeout}. */
    ApiClient client() {
        String raw = url != null ? url : env.get(URL_VARIABLE);
        if (raw == null || raw.isBlank()) {
            throw new CliException(
                    ExitCodes.USAGE,
                    "no app URL: pass --url URL or set " + URL_VARIABLE + ", e.g. http://127.0.0.1:8080/ai-app");
        }
        if (timeoutSeconds < 1 || timeoutSeconds > MAX_TIMEOUT_SECONDS) {
            throw new CliException(
                    ExitCodes.USAGE, "--timeout must be between 1 and " + MAX_TIMEOUT_SECONDS + " seconds");
        }
        return new ApiClient(ApiClient.baseUrl(raw), Duration.ofSeconds(timeoutSeconds));
    }

    /** The process environment. */
    Map<String, String> env() {
        return env;
    }

    /** "Now", for expiries given as a duration. */
    Clock clock() {
        return clock;
    }

    /** Whether {@code --output json} was asked for. */
    boolean json() {
        return output == OutputFormat.JSON;
    }

    /** Where results go (stdout, or what a test set). */
    PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
