package io.labelgate.selector;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class OperatorTest {

    // Wire names of metav1.LabelSelectorOperator (k8s.io/apimachinery/pkg/apis/meta/v1/types.go).
    @ParameterizedTest(name = "{0} is {1} on the wire")
    @CsvSource({
        "IN, In",
        "NOT_IN, NotIn",
        "EXISTS, Exists",
        "DOES_NOT_EXIST, DoesNotExist",
    })
    void wireNameIsTheKubernetesLabelSelectorOperator(Operator operator, String wireName) {
        assertEquals(wireName, operator.wireName());
        assertEquals(operator, Operator.fromWireName(wireName));
    }

    @Test
    void fromWireNameRefusesUnknownOrMiscasedNames() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Operator.fromWireName("in"));
        assertEquals(
                "unknown label selector operator \"in\": expected In, NotIn, Exists or DoesNotExist", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Operator.fromWireName("Gt"));
        assertThrows(NullPointerException.class, () -> Operator.fromWireName(null));
    }
}
