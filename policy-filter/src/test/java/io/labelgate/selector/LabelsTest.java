package io.labelgate.selector;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class LabelsTest {

    private static final String NAME_TOO_LONG = "name part must be no more than 63 characters";
    private static final String ONE_SLASH =
            "must be a name with an optional DNS subdomain prefix" + " and a single '/' (e.g. 'example.com/MyName')";

    // Ported from TestIsQualifiedName "successCases", kubernetes/kubernetes
    // staging/src/k8s.io/apimachinery/pkg/util/validation/validation_test.go.
    static Stream<String> validKeys() {
        return Stream.of(
                "simple",
                "now-with-dashes",
                "1-starts-with-num",
                "1234",
                "simple/simple",
                "now-with-dashes/simple",
                "now-with-dashes/now-with-dashes",
                "now.with.dots/simple",
                "now-with.dashes-and.dots/simple",
                "1-num.2-num/3-num",
                "1234/5678",
                "1.2.3.4/5678",
                "Uppercase_Is_OK_123",
                "example.com/Uppercase_Is_OK_123",
                "requests.storage-foo",
                "a".repeat(63),
                "a".repeat(253) + "/" + "b".repeat(63));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validKeys")
    void acceptsKubernetesQualifiedNames(String key) {
        Labels.validateKey(key);
    }

    // Ported from TestIsQualifiedName "errorCases", same file; the reason is labelgate's.
    static Stream<Arguments> invalidKeys() {
        return Stream.of(
                arguments("nospecialchars%^=@", Labels.NAME_CHARSET),
                arguments("cantendwithadash-", Labels.NAME_CHARSET),
                arguments("-cantstartwithadash-", Labels.NAME_CHARSET),
                arguments("only/one/slash", ONE_SLASH),
                arguments("Example.com/abc", Labels.PREFIX_CHARSET),
                arguments("example_com/abc", Labels.PREFIX_CHARSET),
                arguments("example.com/", "name part must be non-empty"),
                arguments("/simple", "prefix part must be non-empty"),
                arguments("a".repeat(64), NAME_TOO_LONG),
                arguments("a".repeat(254) + "/abc", "prefix part must be no more than 253 characters"),
                // labelgate rows
                arguments("", "name part must be non-empty"),
                arguments("example.com/" + "b".repeat(64), NAME_TOO_LONG),
                arguments("example.com/-x", Labels.NAME_CHARSET));
    }

    @ParameterizedTest(name = "\"{0}\": {1}")
    @MethodSource("invalidKeys")
    void refusesInvalidKeysNamingThePartAtFault(String key, String reason) {
        LabelSyntaxException e = assertThrows(LabelSyntaxException.class, () -> Labels.validateKey(key));
        assertEquals(reason, e.reason());
        assertEquals("invalid label key " + Excerpt.quote(key) + ": " + reason, e.getMessage());
    }

    // Ported from TestIsDNS1123Subdomain "goodValues", same file, used as key prefixes.
    static Stream<String> validPrefixes() {
        return Stream.of(
                "a",
                "ab",
                "abc",
                "a1",
                "a-1",
                "a--1--2--b",
                "0",
                "01",
                "012",
                "1a",
                "1-a",
                "1--a--b--2",
                "a.a",
                "ab.a",
                "abc.a",
                "a1.a",
                "a-1.a",
                "a--1--2--b.a",
                "a.1",
                "ab.1",
                "abc.1",
                "a1.1",
                "a-1.1",
                "a--1--2--b.1",
                "0.a",
                "01.a",
                "012.a",
                "1a.a",
                "1-a.a",
                "1--a--b--2",
                "0.1",
                "01.1",
                "012.1",
                "1a.1",
                "1-a.1",
                "1--a--b--2.1",
                "a.b.c.d.e",
                "aa.bb.cc.dd.ee",
                "1.2.3.4.5",
                "11.22.33.44.55",
                "a".repeat(253));
    }

    @ParameterizedTest(name = "{0}/name")
    @MethodSource("validPrefixes")
    void acceptsRfc1123SubdomainsAsPrefix(String prefix) {
        Labels.validateKey(prefix + "/name");
    }

    // Ported from TestIsDNS1123Subdomain "badValues", same file, used as key prefixes.
    static Stream<String> invalidPrefixes() {
        return Stream.of(
                "A",
                "ABC",
                "aBc",
                "A1",
                "A-1",
                "1-A",
                "-",
                "a-",
                "-a",
                "1-",
                "-1",
                "_",
                "a_",
                "_a",
                "a_b",
                "1_",
                "_1",
                "1_2",
                ".",
                "a.",
                ".a",
                "a..b",
                "1.",
                ".1",
                "1..2",
                " ",
                "a ",
                " a",
                "a b",
                "1 ",
                " 1",
                "1 2",
                "A.a",
                "aB.a",
                "ab.A",
                "A1.a",
                "a1.A",
                "A.1",
                "aB.1",
                "A1.1",
                "1A.1",
                "0.A",
                "01.A",
                "012.A",
                "1A.a",
                "1a.A",
                "A.B.C.D.E",
                "AA.BB.CC.DD.EE",
                "a.B.c.d.e",
                "aa.bB.cc.dd.ee",
                "a@b",
                "a,b",
                "a_b",
                "a;b",
                "a:b",
                "a%b",
                "a?b",
                "a$b");
    }

    @ParameterizedTest(name = "\"{0}/name\"")
    @MethodSource("invalidPrefixes")
    void refusesNonRfc1123SubdomainsAsPrefix(String prefix) {
        LabelSyntaxException e = assertThrows(LabelSyntaxException.class, () -> Labels.validateKey(prefix + "/name"));
        assertEquals(Labels.PREFIX_CHARSET, e.reason());
    }

    @Test
    void refusesEmptyAndOverlongPrefixes() {
        // the remaining two "badValues" of TestIsDNS1123Subdomain: "" and 254 characters
        assertEquals(
                "prefix part must be non-empty",
                assertThrows(LabelSyntaxException.class, () -> Labels.validateKey("/name"))
                        .reason());
        assertEquals(
                "prefix part must be no more than 253 characters",
                assertThrows(LabelSyntaxException.class, () -> Labels.validateKey("a".repeat(254) + "/name"))
                        .reason());
    }

    // Ported from TestIsValidLabelValue "successCases", same file.
    static Stream<String> validValues() {
        return Stream.of(
                "simple",
                "now-with-dashes",
                "1-starts-with-num",
                "end-with-num-1",
                "1234",
                "a".repeat(63),
                "",
                // labelgate rows
                "Uppercase_And.dots-1",
                "123e4567-e89b-12d3-a456-426614174000");
    }

    @ParameterizedTest(name = "\"{0}\"")
    @MethodSource("validValues")
    void acceptsKubernetesLabelValues(String value) {
        Labels.validateValue(value);
    }

    // Ported from TestIsValidLabelValue "errorCases", same file; the message is labelgate's.
    static Stream<Arguments> invalidValues() {
        return Stream.of(
                arguments("nospecialchars%^=@", Labels.VALUE_CHARSET),
                arguments("Tama-nui-te-rā.is.Māori.sun", Labels.VALUE_CHARSET),
                arguments("\\backslashes\\are\\bad", Labels.VALUE_CHARSET),
                arguments("-starts-with-dash", Labels.VALUE_CHARSET),
                arguments("ends-with-dash-", Labels.VALUE_CHARSET),
                arguments(".starts.with.dot", Labels.VALUE_CHARSET),
                arguments("ends.with.dot.", Labels.VALUE_CHARSET),
                arguments("a".repeat(64), "must be no more than 63 characters"));
    }

    @ParameterizedTest(name = "\"{0}\": {1}")
    @MethodSource("invalidValues")
    void refusesInvalidLabelValues(String value, String reason) {
        LabelSyntaxException e = assertThrows(LabelSyntaxException.class, () -> Labels.validateValue(value));
        assertEquals(reason, e.reason());
        assertEquals("invalid label value " + Excerpt.quote(value) + ": " + reason, e.getMessage());
    }

    @Test
    void escapesNonAsciiInValueMessages() {
        LabelSyntaxException e =
                assertThrows(LabelSyntaxException.class, () -> Labels.validateValue("Tama-nui-te-rā.is.Māori.sun"));
        assertEquals(
                "invalid label value \"Tama-nui-te-r\\u0101.is.M\\u0101ori.sun\": " + Labels.VALUE_CHARSET,
                e.getMessage());
    }

    @Test
    void validationRefusesNull() {
        assertThrows(NullPointerException.class, () -> Labels.validateKey(null));
        assertThrows(NullPointerException.class, () -> Labels.validateValue(null));
        assertThrows(NullPointerException.class, () -> Labels.parseLabels(null));
    }

    static Stream<Arguments> goodLabelTexts() {
        return Stream.of(
                arguments("group=A,tier=gpu", Map.of("group", "A", "tier", "gpu")),
                arguments("tier=gpu,group=A", Map.of("group", "A", "tier", "gpu")),
                arguments("  group = A ,\ttier=gpu\n", Map.of("group", "A", "tier", "gpu")),
                arguments("", Map.of()),
                arguments("  ", Map.of()),
                arguments("empty=", Map.of("empty", "")),
                arguments("example.com/team=ml", Map.of("example.com/team", "ml")));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @MethodSource("goodLabelTexts")
    void parsesLabelsFromConfigurationText(String text, Map<String, String> expected) {
        Map<String, String> labels = Labels.parseLabels(text);
        assertEquals(expected, labels);
        assertEquals(expected.keySet().stream().sorted().toList(), List.copyOf(labels.keySet()));
    }

    @Test
    void parsedLabelsAreSortedAndUnmodifiable() {
        Map<String, String> labels = Labels.parseLabels("z=1,a=2,m=3");
        assertEquals(List.of("a", "m", "z"), List.copyOf(labels.keySet()));
        assertTrue(labels instanceof SortedMap);
        assertThrows(UnsupportedOperationException.class, () -> labels.put("b", "4"));
    }

    static Stream<Arguments> badLabelTexts() {
        return Stream.of(
                arguments("group=A,group=B", "invalid labels: duplicate key \"group\""),
                arguments("group=A, group =A", "invalid labels: duplicate key \"group\""),
                arguments("Group/x=A", "invalid label key \"Group/x\": " + Labels.PREFIX_CHARSET),
                arguments("group=A B", "invalid label value \"A B\": " + Labels.VALUE_CHARSET),
                arguments(
                        "group=" + "v".repeat(64),
                        "invalid label value \"" + "v".repeat(40) + "\"...: must be no more than 63 characters"),
                arguments("group", "invalid labels: item 1 \"group\" is not of the form key=value"),
                arguments("a=1,b==2", "invalid labels: item 2 \"b==2\" is not of the form key=value"),
                arguments("a=1,,b=2", "invalid labels: item 2 \"\" is not of the form key=value"),
                arguments("a=1,", "invalid labels: item 2 \"\" is not of the form key=value"),
                arguments("=1", "invalid label key \"\": name part must be non-empty"),
                arguments("a\u0007=1", "invalid label key \"a\\u0007\": " + Labels.NAME_CHARSET));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @MethodSource("badLabelTexts")
    void refusesBadLabelTexts(String text, String message) {
        LabelSyntaxException e = assertThrows(LabelSyntaxException.class, () -> Labels.parseLabels(text));
        assertEquals(message, e.getMessage());
    }
}
