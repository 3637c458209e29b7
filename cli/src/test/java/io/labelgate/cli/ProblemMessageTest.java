package io.labelgate.cli;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class ProblemMessageTest {

    private static final String WHERE = "GET http://127.0.0.1:8080/ai-app/labelgate/api/app";

    static Stream<Arguments> answers() {
        return Stream.of(
                arguments(
                        404,
                        "{\"type\":\"about:blank\",\"title\":\"Not Found\",\"status\":404,"
                                + "\"detail\":\"no token with id x\"}",
                        "no token with id x"),
                arguments(
                        400,
                        "{\"type\":\"about:blank\",\"title\":\"Bad Request\",\"status\":400,"
                                + "\"detail\":\"must be read or operator\",\"field\":\"role\"}",
                        "must be read or operator (field role)"),
                arguments(
                        403,
                        "{\"type\":\"about:blank\",\"title\":\"Forbidden\",\"status\":403,"
                                + "\"detail\":\"role \\\"read\\\" does not permit action \\\"manage\\\"\",\"error\":\"insufficient_scope\","
                                + "\"reasons\":[\"role \\\"read\\\" does not permit action \\\"manage\\\"\"]}",
                        "role \"read\" does not permit action \"manage\""),
                arguments(
                        503,
                        "{\"type\":\"about:blank\",\"title\":\"Service Unavailable\",\"status\":503}",
                        "Service Unavailable"),
                arguments(400, "{\"detail\":\"line one\\nline two\\u001b[31m\"}", "line one line two [31m"),
                arguments(502, "<html><body>Bad gateway</body></html>", "the server answered HTTP 502 to " + WHERE),
                arguments(500, "", "the server answered HTTP 500 to " + WHERE),
                arguments(
                        404,
                        "[1,2]",
                        "the server answered HTTP 404 to " + WHERE
                                + " (is --url the app's base URL, e.g. http://127.0.0.1:8080/ai-app?)"),
                arguments(400, "{\"detail\":42,\"title\":\"Bad Request\"}", "Bad Request"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("answers")
    void describesARefusalInOneLineFromItsProblemDocument(int status, String body, String line) {
        assertEquals(line, ProblemMessage.describe(status, body, WHERE));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            nullValues = "null",
            value = {
                "{\"status\":400,\"detail\":\"must be read or operator\",\"field\":\"role\"} | role",
                "{\"status\":400,\"detail\":\"the request body is not valid JSON\"}       | null",
                "{\"status\":400,\"field\":\" \"}                                          | null",
                "{\"status\":400,\"field\":42}                                             | null",
                "[\"field\"]                                                                | null",
                "<html>field</html>                                                       | null"
            })
    void namesTheFieldOfAProblemDocumentOnly(String body, String field) {
        assertEquals(field, ProblemMessage.field(body));
    }

    @org.junit.jupiter.api.Test
    void cutsAnOverlongDetail() {
        String line = ProblemMessage.describe(400, "{\"detail\":\"" + "x".repeat(2000) + "\"}", WHERE);

        assertEquals(OneLine.MAX_LENGTH, line.length());
    }
}
