package io.labelgate.selector;

import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * One requirement of a label selector: a key, an operator and a set of values; for example
 * {@code env in (dev,qa)}. Mirrors a Kubernetes
 * <a href="https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/label-selector/">
 * {@code LabelSelectorRequirement}</a>.
 *
 * <p>The constructor enforces Kubernetes' {@code NewRequirement} rules: the key is a valid label
 * key, every value is a valid label value (the empty string included), {@link Operator#IN} and
 * {@link Operator#NOT_IN} need at least one value, {@link Operator#EXISTS} and
 * {@link Operator#DOES_NOT_EXIST} take none. Values are stored as a set: deduplicated, sorted
 * (by {@link String#compareTo}, which for the ASCII characters of label values is Kubernetes'
 * byte order) and unmodifiable.
 *
 * @param key      the label key, e.g. {@code labelgate/id}
 * @param operator how the label's value relates to {@code values}
 * @param values   the values, deduplicated and sorted; empty for {@code EXISTS} and
 *                 {@code DOES_NOT_EXIST}
 */
public record Requirement(String key, Operator operator, List<String> values) {

    /**
     * Validates and normalises the requirement.
     *
     * @param key      the label key
     * @param operator the operator
     * @param values   the values, in any order, possibly repeated; copied
     * @throws LabelSyntaxException     if the key or a value is invalid
     * @throws IllegalArgumentException if the number of values does not suit the operator
     * @throws NullPointerException     if an argument or a value is {@code null}
     */
    public Requirement {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(operator, "operator");
        Objects.requireNonNull(values, "values");
        Labels.validateKey(key);
        TreeSet<String> set = new TreeSet<>();
        for (String value : values) {
            Objects.requireNonNull(value, "value");
            Labels.validateValue(value);
            set.add(value);
        }
        switch (operator) {
            case IN, NOT_IN -> {
                if (set.isEmpty()) {
                    throw new IllegalArgumentException("requirement on key " + Excerpt.quote(key) + ": operator "
                            + operator.wireName() + " needs at least one value");
                }
            }
            case EXISTS, DOES_NOT_EXIST -> {
                if (!set.isEmpty()) {
                    throw new IllegalArgumentException("requirement on key " + Excerpt.quote(key) + ": operator "
                            + operator.wireName() + " takes no values");
                }
            }
        }
        values = List.copyOf(set);
    }

    /**
     * Returns {@code key in (values)}; with one value, the same as {@code key=value}.
     *
     * @param key    the label key
     * @param values at least one value
     * @return the requirement
     */
    public static Requirement in(String key, String... values) {
        return new Requirement(key, Operator.IN, List.of(values));
    }

    /**
     * Returns {@code key notin (values)}; with one value, the same as {@code key!=value}.
     *
     * @param key    the label key
     * @param values at least one value
     * @return the requirement
     */
    public static Requirement notIn(String key, String... values) {
        return new Requirement(key, Operator.NOT_IN, List.of(values));
    }

    /**
     * Returns {@code key}: the label is present.
     *
     * @param key the label key
     * @return the requirement
     */
    public static Requirement exists(String key) {
        return new Requirement(key, Operator.EXISTS, List.of());
    }

    /**
     * Returns {@code !key}: the label is absent.
     *
     * @param key the label key
     * @return the requirement
     */
    public static Requirement doesNotExist(String key) {
        return new Requirement(key, Operator.DOES_NOT_EXIST, List.of());
    }

    /**
     * Returns the canonical text form, which {@link Selector#parse(String)} reads back to an equal
     * requirement: {@code k in (a,b)}, {@code k notin (a,b)}, {@code k}, {@code !k}; with a single
     * value, {@code k=v} and {@code k!=v} (so {@code k in ()}, which Kubernetes reads as the empty
     * value, prints as {@code k=}).
     *
     * <p>Kubernetes' {@code Requirement.String()} prints {@code k=v} only for requirements that
     * were written with {@code =}, and {@code k in (v)} for those written with {@code in}. labelgate
     * keeps no such distinction (it has the wire form's four operators only), so it prints the
     * shorter of the two equivalent forms.
     *
     * @return the canonical form
     */
    @Override
    public String toString() {
        return switch (operator) {
            case EXISTS -> key;
            case DOES_NOT_EXIST -> "!" + key;
            case IN -> values.size() == 1 ? key + "=" + values.get(0) : key + " in (" + String.join(",", values) + ")";
            case NOT_IN ->
                values.size() == 1 ? key + "!=" + values.get(0) : key + " notin (" + String.join(",", values) + ")";
        };
    }
}
