package io.labelgate.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * A bearer credential (the admin secret or a token), read from an environment variable or from the
 * first line of a file, never from a command-line argument: arguments show in {@code ps} and in
 * shell history. {@link #toString()} names where it came from, never the value.
 */
final class Credential {

    private final String value;
    private final String source;

    private Credential(String value, String source) {
        this.value = Objects.requireNonNull(value, "value");
        this.source = Objects.requireNonNull(source, "source");
    }

    /**
     * The credential from {@code file} when given, else from the environment variable.
     *
     * @param what       what it is, for messages: {@code "admin secret"}, {@code "token"}
     * @param file       the {@code --…-file} option's value, or {@code null}
     * @param fileOption that option's name, for messages
     * @param variable   the environment variable, e.g. {@code LABELGATE_ADMIN_SECRET}
     * @param env        the process environment
     * @throws CliException {@link ExitCodes#USAGE} when there is none or it cannot be a header value,
     *                      {@link ExitCodes#ERROR} when the file cannot be read
     */
    static Credential resolve(String what, Path file, String fileOption, String variable, Map<String, String> env) {
        String value;
        String source;
        if (file != null) {
            value = firstLine(what, file);
            source = "file " + file;
        } else {
            value = env.get(variable);
            source = "environment variable " + variable;
            if (value == null || value.isBlank()) {
                throw new CliException(
                        ExitCodes.USAGE,
                        "no " + what + ": set " + variable + " or pass " + fileOption + " FILE (never the " + what
                                + " itself as an argument)");
            }
        }
        value = value.strip();
        if (value.isEmpty()) {
            throw new CliException(ExitCodes.USAGE, "the " + what + " in " + source + " is empty");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                // RFC 6750 §2.1: a bearer credential is visible ASCII; say so without echoing it
                throw new CliException(
                        ExitCodes.USAGE,
                        "the " + what + " in " + source
                                + " holds a character a bearer credential cannot (space, control or non-ASCII)");
            }
        }
        return new Credential(value, source);
    }

    private static String firstLine(String what, Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new CliException(ExitCodes.ERROR, "cannot read the " + what + " file " + file + ": no such file");
        } catch (AccessDeniedException e) {
            throw new CliException(
                    ExitCodes.ERROR, "cannot read the " + what + " file " + file + ": permission denied");
        } catch (IOException e) {
            throw new CliException(
                    ExitCodes.ERROR,
                    "cannot read the " + what + " file " + file + ": "
                            + e.getClass().getSimpleName());
        }
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new CliException(ExitCodes.USAGE, "the " + what + " file " + file + " is not UTF-8 text");
        }
        int end = text.indexOf('\n');
        return end < 0 ? text : text.substring(0, end);
    }

    /** The {@code Authorization} header value (RFC 6750 §2.1). */
    String authorization() {
        return "Bearer " + value;
    }

    @Override
    public String toString() {
        return "Credential[from " + source + "]";
    }
}
