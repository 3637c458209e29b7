package io.labelgate.selector;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static io.labelgate.selector.Requirement.doesNotExist;
import static io.labelgate.selector.Requirement.exists;
import static io.labelgate.selector.Requirement.in;
import static io.labelgate.selector.Requirement.notIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class SelectorTest {

    // Ported from TestToString, kubernetes/kubernetes
    // staging/src/k8s.io/apimachinery/pkg/labels/selector_test.go. Kubernetes' expected strings
    // are in the comments where labelgate prints differently: a single-value In/NotIn prints as
    // k=v / k!=v (labelgate has no separate Equals operator), and requirements on one key are
    // ordered by canonical form. The row with a zero-value Requirement is not portable
    // (a labelgate Requirement cannot be invalid), nor is the Gt/Lt row.
    static Stream<Arguments> kubernetesToStringRows() {
        return Stream.of(
                // Kubernetes: "x in (abc,def),y notin (jkl),z"
                arguments(
                        Selector.of(in("x", "abc", "def"), notIn("y", "jkl"), exists("z")), "x in (abc,def),y!=jkl,z"),
                arguments(
                        Selector.of(notIn("x", "abc", "def"), notIn("y", "jkl"), doesNotExist("z")),
                        "x notin (abc,def),y!=jkl,!z"),
                // Kubernetes: "x notin (abc),y in (jkl,mno),z notin ()"
                arguments(
                        Selector.of(notIn("x", "abc"), in("y", "jkl", "mno"), notIn("z", "")),
                        "x!=abc,y in (jkl,mno),z!="),
                // Kubernetes: "x=abc,y==jkl,z!=a,z"
                arguments(
                        Selector.of(in("x", "abc"), in("y", "jkl"), notIn("z", "a"), exists("z")),
                        "x=abc,y=jkl,z,z!=a"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("kubernetesToStringRows")
    void printsTheCanonicalForm(Selector selector, String canonical) {
        assertEquals(canonical, selector.toString());
        assertEquals(selector, Selector.parse(canonical));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(
            strings = {
                "x=a,y=b,z=c",
                "x!=a,y=b",
                "x=",
                "x= ,z= ",
                "!x",
                "\rx",
                "0.1.2.domain/99 notin (10.10.100.1, tick.tack.clock)",
                "x notin (abc,,def),bar,z in (),w",
                "x in (abc,)",
                "x notin (, a)",
                "a in (x,y,notin, z,in)",
                "a!=x, a in (q,p,q), a, !a",
                "in in (in, notin)",
                "x notin (,)",
            })
    void canonicalFormRoundTrips(String input) {
        Selector parsed = Selector.parse(input);
        Selector reparsed = Selector.parse(parsed.toString());
        assertEquals(parsed, reparsed);
        assertEquals(parsed.toString(), reparsed.toString());
    }

    @Test
    void sortsAndDeduplicatesValues() {
        Selector selector = Selector.parse("x in (b, a, b, , a,)");
        assertEquals(List.of("", "a", "b"), selector.requirements().get(0).values());
        assertEquals("x in (,a,b)", selector.toString());
    }

    @Test
    void blankTextIsTheEmptySelector() {
        assertSame(Selector.empty(), Selector.parse(""));
        assertEquals(Selector.empty(), Selector.parse(" \t\r\n "));
        assertTrue(Selector.empty().isEmpty());
        assertEquals("", Selector.empty().toString());
        assertEquals(List.of(), Selector.empty().requirements());
        assertFalse(Selector.parse("x").isEmpty());
    }

    @Test
    void acceptsTextOfExactlyTheMaximumLength() {
        String text = "x" + " ".repeat(4095);
        assertEquals(4096, text.length());
        assertEquals(Selector.of(exists("x")), Selector.parse(text));
    }

    @Test
    void refusesOversizedTextBeforeReadingIt() {
        String text = "x" + " ".repeat(4096);
        SelectorSyntaxException e = assertThrows(SelectorSyntaxException.class, () -> Selector.parse(text));
        assertEquals(4096, e.position());
        assertEquals("selector is longer than 4096 characters", e.reason());
        assertEquals(
                "invalid label selector at position 4096: selector is longer than 4096 characters", e.getMessage());
    }

    @Test
    void escapesControlCharactersInMessages() {
        SelectorSyntaxException e = assertThrows(SelectorSyntaxException.class, () -> Selector.parse("a,x\u0007y=1"));
        assertEquals(2, e.position());
        assertEquals(
                "invalid label selector at position 2: invalid label key \"x\\u0007y\": " + Labels.NAME_CHARSET,
                e.getMessage());
    }

    @Test
    void escapesTerminalSequencesQuotesAndNonAsciiInMessages() {
        SelectorSyntaxException e =
                assertThrows(SelectorSyntaxException.class, () -> Selector.parse("x=\u001b[31m\"\\\u202e"));
        assertEquals(2, e.position());
        assertEquals(
                "invalid label selector at position 2: invalid label value" + " \"\\u001b[31m\\\"\\\\\\u202e\": "
                        + Labels.VALUE_CHARSET,
                e.getMessage());
    }

    @Test
    void quotesOnlyAShortExcerptOfLongInput() {
        SelectorSyntaxException e =
                assertThrows(SelectorSyntaxException.class, () -> Selector.parse("\u0000".repeat(4096)));
        assertEquals(0, e.position());
        assertEquals(
                "invalid label selector at position 0: invalid label key \"" + "\\u0000".repeat(40)
                        + "\"...: name part must be no more than 63 characters",
                e.getMessage());
    }

    @Test
    void nulCharacterIsNotTheEndOfInput() {
        // Kubernetes' lexer would read "x\0garbage" as "x".
        SelectorSyntaxException e = assertThrows(SelectorSyntaxException.class, () -> Selector.parse("x\u0000garbage"));
        assertEquals(0, e.position());
        assertEquals("invalid label key \"x\\u0000garbage\": " + Labels.NAME_CHARSET, e.reason());
    }

    @Test
    void requirementsAreSortedByKeyAndUnmodifiable() {
        List<Requirement> input = new ArrayList<>(List.of(in("z", "1"), exists("a"), notIn("m", "2")));
        Selector selector = new Selector(input);
        input.clear();
        assertEquals(List.of(exists("a"), notIn("m", "2"), in("z", "1")), selector.requirements());
        assertThrows(
                UnsupportedOperationException.class,
                () -> selector.requirements().add(exists("b")));
    }

    @Test
    void constructorRefusesNulls() {
        assertThrows(NullPointerException.class, () -> new Selector(null));
        assertThrows(NullPointerException.class, () -> new Selector(Arrays.asList(exists("a"), null)));
    }
}
