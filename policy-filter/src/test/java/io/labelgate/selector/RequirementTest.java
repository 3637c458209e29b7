package io.labelgate.selector;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class RequirementTest {

    // Ported from TestRequirementConstructor (Success=true rows), kubernetes/kubernetes
    // staging/src/k8s.io/apimachinery/pkg/labels/selector_test.go. Gt/Lt rows are not portable.
    static Stream<Arguments> validRequirements() {
        return Stream.of(
                arguments("x", Operator.IN, List.of("foo")),
                arguments("x", Operator.NOT_IN, List.of("foo")),
                arguments("x", Operator.EXISTS, List.of()),
                arguments("x", Operator.DOES_NOT_EXIST, List.of()),
                arguments("1foo", Operator.IN, List.of("bar")),
                arguments("1234", Operator.IN, List.of("bar")),
                // labelgate: the empty value is a value
                arguments("x", Operator.IN, List.of("")));
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("validRequirements")
    void acceptsKubernetesValidRequirements(String key, Operator operator, List<String> values) {
        Requirement requirement = new Requirement(key, operator, values);
        assertEquals(key, requirement.key());
        assertEquals(operator, requirement.operator());
        assertEquals(values, requirement.values());
    }

    // Ported from TestRequirementConstructor (Success=false rows), same file; labelgate rows after.
    static Stream<Arguments> invalidRequirements() {
        return Stream.of(
                arguments(
                        "x",
                        Operator.IN,
                        List.of(),
                        IllegalArgumentException.class,
                        "requirement on key \"x\": operator In needs at least one value"),
                arguments(
                        "x",
                        Operator.NOT_IN,
                        List.of(),
                        IllegalArgumentException.class,
                        "requirement on key \"x\": operator NotIn needs at least one value"),
                // "breaks DNS rule that len(key) <= 253"; with no '/', it is the name that is too long
                arguments(
                        "a".repeat(254),
                        Operator.EXISTS,
                        List.of(),
                        LabelSyntaxException.class,
                        "invalid label key \"" + "a".repeat(40)
                                + "\"...: name part must be no more than 63 characters"),
                arguments(
                        "x",
                        Operator.EXISTS,
                        List.of("a"),
                        IllegalArgumentException.class,
                        "requirement on key \"x\": operator Exists takes no values"),
                arguments(
                        "x",
                        Operator.DOES_NOT_EXIST,
                        List.of(""),
                        IllegalArgumentException.class,
                        "requirement on key \"x\": operator DoesNotExist takes no values"),
                arguments(
                        "x",
                        Operator.IN,
                        List.of("ok", "not ok"),
                        LabelSyntaxException.class,
                        "invalid label value \"not ok\": " + Labels.VALUE_CHARSET),
                arguments(
                        "",
                        Operator.EXISTS,
                        List.of(),
                        LabelSyntaxException.class,
                        "invalid label key \"\": name part must be non-empty"));
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("invalidRequirements")
    void refusesInvalidRequirements(
            String key,
            Operator operator,
            List<String> values,
            Class<? extends IllegalArgumentException> type,
            String message) {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> new Requirement(key, operator, values));
        assertEquals(type, e.getClass());
        assertEquals(message, e.getMessage());
    }

    @Test
    void storesValuesSortedDeduplicatedAndUnmodifiable() {
        List<String> input = new ArrayList<>(List.of("b", "a", "", "b", "a"));
        Requirement requirement = new Requirement("x", Operator.NOT_IN, input);
        input.add("c");
        assertEquals(List.of("", "a", "b"), requirement.values());
        assertThrows(
                UnsupportedOperationException.class, () -> requirement.values().add("c"));
        assertEquals(Requirement.notIn("x", "a", "b", ""), requirement);
    }

    static Stream<Arguments> canonicalForms() {
        return Stream.of(
                arguments(Requirement.in("k", "b", "a"), "k in (a,b)"),
                arguments(Requirement.notIn("k", "a", "b"), "k notin (a,b)"),
                arguments(Requirement.exists("k"), "k"),
                arguments(Requirement.doesNotExist("k"), "!k"),
                arguments(Requirement.in("k", "v"), "k=v"),
                arguments(Requirement.notIn("k", "v"), "k!=v"),
                arguments(Requirement.in("k", "v", "v"), "k=v"),
                arguments(Requirement.in("k", ""), "k="),
                arguments(Requirement.notIn("k", ""), "k!="),
                arguments(Requirement.in("k", "", "v"), "k in (,v)"),
                arguments(Requirement.exists("example.com/k"), "example.com/k"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("canonicalForms")
    void printsKubernetesCanonicalForm(Requirement requirement, String canonical) {
        assertEquals(canonical, requirement.toString());
        assertEquals(Selector.of(requirement), Selector.parse(canonical));
    }

    @Test
    void constructorRefusesNulls() {
        assertThrows(NullPointerException.class, () -> new Requirement(null, Operator.EXISTS, List.of()));
        assertThrows(NullPointerException.class, () -> new Requirement("x", null, List.of()));
        assertThrows(NullPointerException.class, () -> new Requirement("x", Operator.IN, null));
        assertThrows(NullPointerException.class, () -> new Requirement("x", Operator.IN, Arrays.asList("a", null)));
    }
}
