package io.labelgate.cli;

import picocli.CommandLine;

import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.time.Clock;
import java.util.Map;

/**
 * The {@code labelgate} command-line client: entry point of {@code labelgate-cli.jar}.
 *
 * <pre>
 * labelgate token create --name ci-reader --selector group=A --role read --region GRA
 * labelgate token list | get ID | regenerate ID | delete ID
 * labelgate app status | start | stop | delete
 * labelgate can read | manage
 * </pre>
 *
 * Exit codes are those of {@link ExitCodes}.
 */
public final class Main {

    private Main() {}

    /** Runs the command and exits with its code. */
    public static void main(String[] args) {
        Charset console = Charset.defaultCharset();
        int code = run(
                args,
                System.getenv(),
                new PrintWriter(System.out, true, console),
                new PrintWriter(System.err, true, console));
        System.exit(code);
    }

    /**
     * Runs the command without exiting: what {@link #main} does, with the environment and the
     * streams given.
     *
     * @return the exit code, one of {@link ExitCodes}
     */
    public static int run(String[] args, Map<String, String> env, PrintWriter out, PrintWriter err) {
        return run(args, env, Clock.systemUTC(), out, err);
    }

    /** {@link #run(String[], Map, PrintWriter, PrintWriter)} with the clock given: tests fix "now". */
    static int run(String[] args, Map<String, String> env, Clock clock, PrintWriter out, PrintWriter err) {
        CommandLine commandLine = commandLine(env, clock);
        commandLine.setOut(out);
        commandLine.setErr(err);
        try {
            return commandLine.execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** The command tree, configured: one-line errors, no {@code @file} expansion, exit codes in every usage help. */
    static CommandLine commandLine(Map<String, String> env, Clock clock) {
        ErrorHandlers errors = new ErrorHandlers();
        CommandLine commandLine = new CommandLine(new LabelgateCommand(env, clock));
        commandLine
                .setExpandAtFiles(false)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setParameterExceptionHandler(errors)
                .setExecutionExceptionHandler(errors);
        listExitCodes(commandLine);
        return commandLine;
    }

    private static void listExitCodes(CommandLine commandLine) {
        commandLine
                .getCommandSpec()
                .usageMessage()
                .exitCodeListHeading("%nExit codes:%n")
                .exitCodeList(ExitCodes.descriptions());
        commandLine.getSubcommands().values().forEach(Main::listExitCodes);
    }
}
