package io.labelgate.cli;

/** Keeps what the server or the user wrote to one bounded line of plain text for stderr. */
final class OneLine {

    /** Longest message printed; a server's detail past this is cut. */
    static final int MAX_LENGTH = 500;

    private OneLine() {}

    /** Control characters (newlines, escapes) become spaces, runs of spaces one space; cut at {@link #MAX_LENGTH}. */
    static String of(String text) {
        String flat = text.replaceAll("[\\p{Cntrl}\\u2028\\u2029]+", " ")
                .replaceAll(" {2,}", " ")
                .strip();
        return flat.length() <= MAX_LENGTH ? flat : flat.substring(0, MAX_LENGTH - 1) + "…";
    }
}
