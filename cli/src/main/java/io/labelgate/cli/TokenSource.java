package io.labelgate.cli;

import java.nio.file.Path;

/** Where {@code app} and {@code can} take the token they present: {@code --token-file} or {@code LABELGATE_TOKEN}. */
final class TokenSource {

    /** Environment variable of the token. */
    static final String VARIABLE = "LABELGATE_TOKEN";

    /** Description of {@code --token-file}, shared by the commands that take it. */
    static final String FILE_DESCRIPTION = "read the token from the first line of FILE (default: env " + VARIABLE
            + "); the token itself is never an argument";

    private TokenSource() {}

    /** The token from {@code file} when given, else from {@code LABELGATE_TOKEN}. */
    static Credential resolve(Path file, LabelgateCommand root) {
        return Credential.resolve("token", file, "--token-file", VARIABLE, root.env());
    }
}
