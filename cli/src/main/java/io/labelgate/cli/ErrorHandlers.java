package io.labelgate.cli;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

import java.util.List;
import java.util.Optional;

/**
 * Every error ends as ONE line on stderr, {@code labelgate: <what went wrong>}, and an exit code
 * from {@link ExitCodes}: picocli's usage errors (instead of its message plus the whole usage
 * help) and the commands' {@link CliException}s. No stack trace, and no argument that might be a
 * secret is echoed.
 */
final class ErrorHandlers implements IParameterExceptionHandler, IExecutionExceptionHandler {

    /** Options a user may try to pass a secret with; none exists, by design. */
    private static final List<String> ADMIN_SECRET_OPTIONS = List.of("--admin-secret", "--secret", "--password");

    private static final List<String> TOKEN_OPTIONS = List.of("--token", "--bearer");

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine command = ex.getCommandLine();
        String message = secretArgument(args).orElseGet(() -> describe(ex));
        command.getErr()
                .println("labelgate: " + OneLine.of(message) + " (see '"
                        + command.getCommandSpec().qualifiedName() + " --help')");
        command.getErr().flush();
        return ExitCodes.USAGE;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine command, ParseResult parsed) {
        if (ex instanceof CliException failure) {
            command.getErr().println("labelgate: " + OneLine.of(failure.getMessage()));
            command.getErr().flush();
            return failure.exitCode();
        }
        // a bug: name its kind, not its message, which could quote an answer holding a token
        command.getErr().println("labelgate: internal error (" + ex.getClass().getName() + "); please report it");
        command.getErr().flush();
        return ExitCodes.ERROR;
    }

    /** The explanation when an argument looks like an attempt to pass a secret on the command line. */
    static Optional<String> secretArgument(String[] args) {
        for (String arg : args) {
            if (arg.equals("--")) {
                break;
            }
            String option = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            if (ADMIN_SECRET_OPTIONS.contains(option)) {
                return Optional.of("the admin secret is never a command-line argument (it would show in ps and shell "
                        + "history): set " + TokenCommand.SECRET_VARIABLE + " or pass --admin-secret-file FILE");
            }
            if (TOKEN_OPTIONS.contains(option)) {
                return Optional.of("a token is never a command-line argument (it would show in ps and shell "
                        + "history): set " + TokenSource.VARIABLE + " or pass --token-file FILE");
            }
        }
        return Optional.empty();
    }

    /** picocli's message, except that unmatched arguments are named only when they are options, without a value. */
    private static String describe(ParameterException ex) {
        if (ex instanceof UnmatchedArgumentException unmatched) {
            List<String> options = unmatched.getUnmatched().stream()
                    .filter(arg -> arg.startsWith("-") && arg.length() > 1)
                    .map(arg -> arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg)
                    .toList();
            if (!options.isEmpty()) {
                List<String> suggestions = unmatched.getSuggestions();
                return "unknown option " + String.join(", ", options)
                        + (suggestions.isEmpty() ? "" : "; did you mean " + String.join(" or ", suggestions) + "?");
            }
            int count = unmatched.getUnmatched().size();
            // not echoed: a stray argument may be a secret pasted in the wrong place
            return count == 1 ? "unexpected argument (not shown)" : count + " unexpected arguments (not shown)";
        }
        String message = ex.getMessage() == null ? "invalid arguments" : ex.getMessage();
        return message.startsWith("Error: ") ? message.substring("Error: ".length()) : message;
    }
}
