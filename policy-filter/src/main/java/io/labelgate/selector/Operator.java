package io.labelgate.selector;

import java.util.Objects;

/**
 * The operator of a {@link Requirement}: the four operators of a Kubernetes
 * <a href="https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/label-selector/">
 * {@code LabelSelectorRequirement}</a>.
 *
 * <p>The text forms {@code key=value}, {@code key==value} and {@code key!=value} are not separate
 * operators: like Kubernetes' {@code metav1.ParseToLabelSelector}, labelgate reads them as
 * {@link #IN} and {@link #NOT_IN} with a single value. Kubernetes' {@code >} and {@code <}
 * operators, which the wire form does not have either, are not supported.
 */
public enum Operator {

    /** The label is present and its value is one of the requirement's values. */
    IN("In"),

    /** The label is absent, or its value is none of the requirement's values. */
    NOT_IN("NotIn"),

    /** The label is present, with any value. */
    EXISTS("Exists"),

    /** The label is absent. */
    DOES_NOT_EXIST("DoesNotExist");

    private final String wireName;

    Operator(String wireName) {
        this.wireName = wireName;
    }

    /**
     * Returns the operator's name in a Kubernetes {@code LabelSelectorRequirement}:
     * {@code "In"}, {@code "NotIn"}, {@code "Exists"} or {@code "DoesNotExist"}.
     *
     * @return the wire name, never {@code null}
     */
    public String wireName() {
        return wireName;
    }

    /**
     * Returns the operator whose {@link #wireName()} is exactly {@code wireName} (case-sensitive,
     * as in Kubernetes).
     *
     * @param wireName a wire name such as {@code "NotIn"}
     * @return the operator
     * @throws IllegalArgumentException if no operator has that wire name
     * @throws NullPointerException if {@code wireName} is {@code null}
     */
    public static Operator fromWireName(String wireName) {
        Objects.requireNonNull(wireName, "wireName");
        for (Operator operator : values()) {
            if (operator.wireName.equals(wireName)) {
                return operator;
            }
        }
        throw new IllegalArgumentException("unknown label selector operator " + Excerpt.quote(wireName)
                + ": expected In, NotIn, Exists or DoesNotExist");
    }
}
