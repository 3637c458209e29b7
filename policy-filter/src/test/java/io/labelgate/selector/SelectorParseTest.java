package io.labelgate.selector;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static io.labelgate.selector.Requirement.doesNotExist;
import static io.labelgate.selector.Requirement.exists;
import static io.labelgate.selector.Requirement.in;
import static io.labelgate.selector.Requirement.notIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class SelectorParseTest {

    private static final String OPERATOR_EXPECTED = "expected an operator (=, ==, !=, in or notin), found ";

    // Ported from TestSelectorParse "testGoodStrings", kubernetes/kubernetes
    // staging/src/k8s.io/apimachinery/pkg/labels/selector_test.go: Kubernetes checks that
    // String() gives the input without spaces. "x>1" and "x>1,z<5" are refused by labelgate
    // (see refusesWhatKubernetesAcceptsButLabelgateDoesNot).
    static Stream<Arguments> kubernetesGoodStrings() {
        return Stream.of(
                arguments("x=a,y=b,z=c", "x=a,y=b,z=c"),
                arguments("", ""),
                arguments("x!=a,y=b", "x!=a,y=b"),
                arguments("x=", "x="),
                arguments("x= ", "x="),
                arguments("x=,z= ", "x=,z="),
                arguments("x= ,z= ", "x=,z="),
                arguments("!x", "!x"));
    }

    @ParameterizedTest(name = "\"{0}\" prints as \"{1}\"")
    @MethodSource("kubernetesGoodStrings")
    void parsesKubernetesGoodStringsAndPrintsThemWithoutSpaces(String input, String canonical) {
        assertEquals(canonical, Selector.parse(input).toString());
    }

    // Ported from TestSetSelectorParser (valid rows), same file. The expected requirements are
    // Kubernetes'; Equals/DoubleEquals become In and NotEquals becomes NotIn with one value.
    // Rows "x>1" and "x<7" are refused by labelgate; "notin=in" comes from TestSelectorMatches.
    static Stream<Arguments> kubernetesSetSelectorParserValidRows() {
        return Stream.of(
                arguments("", Selector.empty(), ""),
                arguments("\rx", Selector.of(exists("x")), "x"),
                arguments(
                        "this-is-a-dns.domain.com/key-with-dash",
                        Selector.of(exists("this-is-a-dns.domain.com/key-with-dash")),
                        "this-is-a-dns.domain.com/key-with-dash"),
                arguments(
                        "this-is-another-dns.domain.com/key-with-dash in (so,what)",
                        Selector.of(in("this-is-another-dns.domain.com/key-with-dash", "so", "what")),
                        "this-is-another-dns.domain.com/key-with-dash in (so,what)"),
                arguments(
                        "0.1.2.domain/99 notin (10.10.100.1, tick.tack.clock)",
                        Selector.of(notIn("0.1.2.domain/99", "10.10.100.1", "tick.tack.clock")),
                        "0.1.2.domain/99 notin (10.10.100.1,tick.tack.clock)"),
                arguments("foo  in\t (abc)", Selector.of(in("foo", "abc")), "foo=abc"),
                arguments("x notin\n (abc)", Selector.of(notIn("x", "abc")), "x!=abc"),
                arguments("x  notin\t\t\t(abc,def)", Selector.of(notIn("x", "abc", "def")), "x notin (abc,def)"),
                arguments("x in (abc,def)", Selector.of(in("x", "abc", "def")), "x in (abc,def)"),
                arguments("x in (abc,)", Selector.of(in("x", "abc", "")), "x in (,abc)"),
                arguments("x in ()", Selector.of(in("x", "")), "x="),
                arguments(
                        "x notin (abc,,def),bar,z in (),w",
                        Selector.of(exists("bar"), exists("w"), notIn("x", "abc", "", "def"), in("z", "")),
                        "bar,w,x notin (,abc,def),z="),
                arguments("x,y in (a)", Selector.of(exists("x"), in("y", "a")), "x,y=a"),
                arguments("x=a", Selector.of(in("x", "a")), "x=a"),
                arguments("x=a,y!=b", Selector.of(in("x", "a"), notIn("y", "b")), "x=a,y!=b"),
                arguments(
                        "x=a,y!=b,z in (h,i,j)",
                        Selector.of(in("x", "a"), notIn("y", "b"), in("z", "h", "i", "j")),
                        "x=a,y!=b,z in (h,i,j)"),
                arguments("x notin ( )", Selector.of(notIn("x", "")), "x!="),
                arguments("x notin (, a)", Selector.of(notIn("x", "", "a")), "x notin (,a)"),
                arguments("a ", Selector.of(exists("a")), "a"),
                // 'in' and 'notin' inside a list of values are values
                arguments(
                        "a in (x,y,notin, z,in)",
                        Selector.of(in("a", "in", "notin", "x", "y", "z")),
                        "a in (in,notin,x,y,z)"),
                arguments("notin=in", Selector.of(in("notin", "in")), "notin=in"));
    }

    @ParameterizedTest(name = "\"{0}\" is {2}")
    @MethodSource("kubernetesSetSelectorParserValidRows")
    void parsesKubernetesSetSelectorParserValidRows(String input, Selector expected, String canonical) {
        Selector parsed = Selector.parse(input);
        assertEquals(expected, parsed);
        assertEquals(canonical, parsed.toString());
    }

    // labelgate's own examples (docs/contract.md, "Concepts", label selector).
    static Stream<Arguments> productExamples() {
        return Stream.of(
                arguments("group=A", Selector.of(in("group", "A"))),
                arguments("group==A", Selector.of(in("group", "A"))),
                arguments("tier!=gpu", Selector.of(notIn("tier", "gpu"))),
                arguments("env in (dev,qa)", Selector.of(in("env", "dev", "qa"))),
                arguments("env notin (prod)", Selector.of(notIn("env", "prod"))),
                arguments("gpu", Selector.of(exists("gpu"))),
                arguments("!gpu", Selector.of(doesNotExist("gpu"))),
                arguments("! gpu", Selector.of(doesNotExist("gpu"))),
                arguments(
                        "group=A,!gpu,env in (dev,qa)",
                        Selector.of(in("group", "A"), doesNotExist("gpu"), in("env", "dev", "qa"))),
                arguments(
                        "labelgate/id=123e4567-e89b-12d3-a456-426614174000",
                        Selector.of(in("labelgate/id", "123e4567-e89b-12d3-a456-426614174000"))),
                arguments("in in (in)", Selector.of(in("in", "in"))),
                arguments("x=in", Selector.of(in("x", "in"))));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @MethodSource("productExamples")
    void parsesProductExamples(String input, Selector expected) {
        assertEquals(expected, Selector.parse(input));
    }

    // Bad rows of TestSelectorParse ("testBadStrings") and TestSetSelectorParser (Valid=false),
    // same file, with the position and reason labelgate reports; then labelgate's own rows.
    static Stream<Arguments> badSelectors() {
        return Stream.of(
                arguments("x=a||y=b", 2, "invalid label value \"a||y\": " + Labels.VALUE_CHARSET),
                arguments("x==a==b", 4, "expected ',' or end of input, found '=='"),
                arguments("!x=a", 2, "expected ',' or end of input, found '='"),
                arguments("x,,y", 2, "expected a requirement after ',', found ','"),
                arguments(",x,y", 0, "expected a key or '!', found ','"),
                arguments("x nott in (y)", 2, OPERATOR_EXPECTED + "\"nott\""),
                arguments("a in (xyz),", 11, "expected a requirement after ',', found end of input"),
                arguments("a in (xyz)b notin ()", 10, "expected ',' or end of input, found \"b\""),
                arguments("a in (xyz abc)", 10, "expected ',' or ')', found \"abc\""),
                arguments("a notin(", 8, "expected a value, ',' or ')', found end of input"),
                arguments("a (", 2, OPERATOR_EXPECTED + "'('"),
                arguments("(", 0, "expected a key or '!', found '('"),
                // labelgate rows
                arguments("env in prod", 7, "expected '(' after 'in', found \"prod\""),
                arguments("env notin prod", 10, "expected '(' after 'notin', found \"prod\""),
                arguments("!", 1, "expected a key after '!', found end of input"),
                arguments("!!x", 1, "expected a key after '!', found '!'"),
                arguments("x=(a)", 2, "expected a value, found '('"),
                arguments("x in (a,=)", 8, "expected a value, ',' or ')', found '='"),
                arguments("x in (a", 7, "expected ',' or ')', found end of input"),
                arguments("x in (a))", 8, "expected ',' or end of input, found ')'"),
                arguments("x=a b", 4, "expected ',' or end of input, found \"b\""),
                arguments("x y", 2, OPERATOR_EXPECTED + "\"y\""),
                arguments("x ! y", 2, OPERATOR_EXPECTED + "'!'"),
                arguments(",", 0, "expected a key or '!', found ','"),
                arguments("x=a,", 4, "expected a requirement after ',', found end of input"),
                arguments("Group/x=1", 0, "invalid label key \"Group/x\": " + Labels.PREFIX_CHARSET),
                arguments(
                        "a, !b/c/d",
                        4,
                        "invalid label key \"b/c/d\": must be a name with an optional"
                                + " DNS subdomain prefix and a single '/' (e.g. 'example.com/MyName')"),
                arguments("x in (ok,-bad)", 9, "invalid label value \"-bad\": " + Labels.VALUE_CHARSET));
    }

    @ParameterizedTest(name = "\"{0}\" fails at {1}: {2}")
    @MethodSource("badSelectors")
    void refusesBadSelectorsNamingPositionAndReason(String input, int position, String reason) {
        SelectorSyntaxException e = assertThrows(SelectorSyntaxException.class, () -> Selector.parse(input));
        assertEquals(position, e.position());
        assertEquals(reason, e.reason());
        assertEquals("invalid label selector at position " + position + ": " + reason, e.getMessage());
    }

    // Valid in Kubernetes (TestSelectorParse, TestSetSelectorParser) or refused there for another
    // reason ("x<a": not an integer); labelgate has no '<' and '>' (LabelSelectorRequirement has
    // no Gt/Lt), and says so.
    static Stream<Arguments> greaterThanAndLessThan() {
        return Stream.of(
                arguments("x>1", 1, "operator '>' is not supported; use =, ==, !=, in or notin"),
                arguments("x>1,z<5", 1, "operator '>' is not supported; use =, ==, !=, in or notin"),
                arguments("x<7", 1, "operator '<' is not supported; use =, ==, !=, in or notin"),
                arguments("x<a", 1, "operator '<' is not supported; use =, ==, !=, in or notin"),
                arguments(">", 0, "expected a key or '!', found '>'"));
    }

    @ParameterizedTest(name = "\"{0}\" fails at {1}: {2}")
    @MethodSource("greaterThanAndLessThan")
    void refusesWhatKubernetesAcceptsButLabelgateDoesNot(String input, int position, String reason) {
        SelectorSyntaxException e = assertThrows(SelectorSyntaxException.class, () -> Selector.parse(input));
        assertEquals(position, e.position());
        assertEquals(reason, e.reason());
    }

    // Ported from TestDeterministicParse, same file.
    @Test
    void parsesDeterministicallyWhateverTheInputOrder() {
        Selector s1 = Selector.parse("x=a,a=x");
        Selector s2 = Selector.parse("a=x,x=a");
        assertEquals(s1, s2);
        assertEquals("a=x,x=a", s1.toString());
    }

    @Test
    void ordersRequirementsOnTheSameKeyByCanonicalForm() {
        Selector s1 = Selector.parse("a!=x,a in (p,q),a,!a");
        Selector s2 = Selector.parse("!a,a,a in (p,q),a!=x");
        assertEquals(s1, s2);
        assertEquals("!a,a,a in (p,q),a!=x", s1.toString());
    }

    @Test
    void keepsRepeatedRequirementsAsKubernetesDoes() {
        assertEquals("x=a,x=a", Selector.parse("x=a, x=a").toString());
    }

    @Test
    void refusesNullText() {
        assertThrows(NullPointerException.class, () -> Selector.parse(null));
    }
}
