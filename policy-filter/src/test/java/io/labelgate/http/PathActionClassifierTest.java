package io.labelgate.http;

import io.labelgate.decision.Action;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PathActionClassifierTest {

    private static final PathActionClassifier RULES =
            PathActionClassifier.parse("POST /models/*, delete /models/*, * /admin/*, PUT /settings");

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
        "POST, /models, MANAGE",
        "POST, /models/m1, MANAGE",
        "POST, /models/m1/reload, MANAGE",
        "DELETE, /models/m1, MANAGE",
        "GET, /models/m1, READ",
        "POST, /modelsx, READ",
        "GET, /admin, MANAGE",
        "PATCH, /admin/x, MANAGE",
        "PUT, /settings, MANAGE",
        "PUT, /settings/x, READ",
        "GET, /, READ"
    })
    void classifiesByMethodAndPath(String method, String path, Action expected) {
        assertEquals(expected, RULES.classify(new TestRequest(method, path, java.util.Map.of(), null)));
    }

    private static final PathActionClassifier GET_RULES = PathActionClassifier.parse("GET /api/model, GET /prefix/*");

    /** The review's walk-arounds: each reaches the same resource method as the rule's own path. */
    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
        "GET, /api/model, MANAGE",
        "GET, /api/model/, MANAGE",
        "GET, /api/model//, MANAGE",
        "GET, //api//model, MANAGE",
        "HEAD, /api/model, MANAGE",
        "head, /api/model/, MANAGE",
        "get, /api/model, MANAGE",
        "HEAD, /prefix, MANAGE",
        "HEAD, /prefix/a/b, MANAGE",
        "GET, /prefix/, MANAGE",
        "OPTIONS, /api/model, READ",
        "POST, /api/model, READ",
        "GET, /api/models, READ",
        "GET, /api/model/x, READ",
        "GET, /prefixes, READ"
    })
    void coversAManagePathHoweverTheContainerRoutesIt(String method, String path, Action expected) {
        assertEquals(expected, GET_RULES.classify(new TestRequest(method, path, java.util.Map.of(), null)));
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({"GET, /, MANAGE", "DELETE, /anything/at/all, MANAGE"})
    void aRootPrefixCoversEveryPath(String method, String path, Action expected) {
        assertEquals(
                expected,
                PathActionClassifier.parse("* /*").classify(new TestRequest(method, path, java.util.Map.of(), null)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "POST|\"POST\" is not of the form METHOD /path or METHOD /prefix/* (METHOD may be *)",
                "POST models|\"POST models\" is not of the form METHOD /path or METHOD /prefix/* (METHOD may be *)",
                "POST /a/*/b|\"POST /a/*/b\": only a trailing /* is a wildcard",
                "PO-ST /a|\"PO-ST /a\" is not of the form METHOD /path or METHOD /prefix/* (METHOD may be *)"
            })
    void refusesAMalformedRuleNamingIt(String text, String message) {
        IllegalArgumentException refused = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> PathActionClassifier.parse(text));
        assertEquals(message, refused.getMessage());
    }
}
