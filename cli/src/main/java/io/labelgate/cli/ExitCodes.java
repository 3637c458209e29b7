package io.labelgate.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The exit codes of {@code labelgate}: one per kind of outcome a script may branch on. The same
 * table is printed in every command's usage help and in {@code cli/README.md}.
 */
public final class ExitCodes {

    /** The command did what was asked (for {@code can}: the answer is yes). */
    public static final int OK = 0;
    /** Anything else: a server answer that is not labelgate's, an unreadable file, another 4xx. */
    public static final int ERROR = 1;
    /**
     * Bad arguments, a missing {@code --url} or a missing credential (picocli's code for bad input);
     * also an HTTP 400 that names a field the user typed (the server found the argument bad).
     */
    public static final int USAGE = 2;
    /** The server refused the credential: HTTP 401. */
    public static final int UNAUTHENTICATED = 3;
    /** The policy said no: HTTP 403, or {@code can} answering no. */
    public static final int DENIED = 4;
    /** No such token or app: HTTP 404 or 410. */
    public static final int NOT_FOUND = 5;
    /** The server could not be reached: connection refused, timeout, unknown host. */
    public static final int UNREACHABLE = 6;
    /** The server failed: HTTP 5xx, including 503 when labelgate cannot decide. */
    public static final int SERVER_ERROR = 7;

    private ExitCodes() {}

    /** The exit code for an HTTP status (RFC 9110 §15): 2xx is {@link #OK}. */
    public static int forStatus(int status) {
        if (status >= 200 && status <= 299) {
            return OK;
        }
        return switch (status) {
            case 401 -> UNAUTHENTICATED;
            case 403 -> DENIED;
            case 404, 410 -> NOT_FOUND;
            default -> status >= 500 && status <= 599 ? SERVER_ERROR : ERROR;
        };
    }

    /**
     * The exit code for a refusal: {@link #USAGE} for a 400 whose problem document names one of
     * the request's fields that hold the user's arguments (e.g. {@code selector}: a malformed
     * selector is a bad argument whoever finds it), else {@link #forStatus(int)}.
     *
     * @param status the HTTP status
     * @param field  the problem document's {@code field}, or {@code null}
     * @param typed  the request's fields taken from the user's arguments
     */
    public static int forRefusal(int status, String field, Set<String> typed) {
        return status == 400 && field != null && typed.contains(field) ? USAGE : forStatus(status);
    }

    /** Code to one-line meaning, in order, for the usage help's "Exit codes" list. */
    static Map<String, String> descriptions() {
        Map<String, String> list = new LinkedHashMap<>();
        list.put(Integer.toString(OK), "ok (for 'can': allowed)");
        list.put(Integer.toString(ERROR), "other error");
        list.put(Integer.toString(USAGE), "usage error: bad arguments or a 400 naming one, no --url, no credential");
        list.put(Integer.toString(UNAUTHENTICATED), "unauthenticated (HTTP 401)");
        list.put(Integer.toString(DENIED), "denied (HTTP 403, or 'can' answering no)");
        list.put(Integer.toString(NOT_FOUND), "not found (HTTP 404 or 410)");
        list.put(Integer.toString(UNREACHABLE), "unreachable: connection refused, timeout, unknown host");
        list.put(Integer.toString(SERVER_ERROR), "server error (HTTP 5xx, including 503)");
        return list;
    }
}
