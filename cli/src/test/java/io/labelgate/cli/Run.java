package io.labelgate.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/** One in-process run of {@code labelgate}: exit code, stdout, stderr. */
record Run(int exitCode, String out, String err) {

    static Run of(Map<String, String> env, String... args) {
        return at(Clock.systemUTC(), env, args);
    }

    /** A run whose "now" is {@code clock}'s. */
    static Run at(Clock clock, Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, env, clock, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    /** The lines of stderr. */
    List<String> errLines() {
        return err.lines().toList();
    }

    /** The lines of stdout. */
    List<String> outLines() {
        return out.lines().toList();
    }

    /** Everything the run printed. */
    String printed() {
        return out + err;
    }
}
