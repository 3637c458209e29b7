package io.labelgate.selector;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A Kubernetes label selector: the conjunction (AND) of its requirements.
 *
 * <p>Requirements are kept sorted by key, as Kubernetes' parser sorts them, so that equal
 * selectors print equally; requirements on the same key are further ordered by their canonical
 * text (Kubernetes keeps them in input order), so that {@code a,a!=x} and {@code a!=x,a} are equal.
 *
 * <p>This type has no {@code matches(labels)} method on purpose: in labelgate, whether an app's
 * labels satisfy a selector is decided by the Rego policy only.
 *
 * <p><b>An empty selector selects everything</b> in Kubernetes semantics. Code that scopes a
 * token with a selector must refuse {@link #isEmpty() empty} selectors unless "every app" was
 * asked for explicitly.
 *
 * @param requirements the requirements, sorted, unmodifiable; empty for the empty selector
 */
public record Selector(List<Requirement> requirements) {

    private static final Comparator<Requirement> ORDER =
            Comparator.comparing(Requirement::key).thenComparing(Requirement::toString);

    private static final Selector EMPTY = new Selector(List.of());

    /**
     * Copies and sorts the requirements.
     *
     * @param requirements the requirements, in any order; copied
     * @throws NullPointerException if {@code requirements} or one of them is {@code null}
     */
    public Selector {
        Objects.requireNonNull(requirements, "requirements");
        List<Requirement> sorted = new ArrayList<>(requirements.size());
        for (Requirement requirement : requirements) {
            sorted.add(Objects.requireNonNull(requirement, "requirement"));
        }
        sorted.sort(ORDER);
        requirements = List.copyOf(sorted);
    }

    /**
     * Parses a selector in Kubernetes syntax: comma-separated (AND) requirements
     * {@code key=value}, {@code key==value}, {@code key!=value}, {@code key in (v1,v2)},
     * {@code key notin (v1)}, {@code key} or {@code !key}; see
     * <a href="https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors">
     * label selectors</a> and {@code labels.Parse} in {@code k8s.io/apimachinery}.
     *
     * <p>Blank text gives the {@link #empty() empty} selector. Texts longer than
     * {@value SelectorParser#MAX_LENGTH} characters are refused before any parsing.
     *
     * @param text the selector text
     * @return the selector
     * @throws SelectorSyntaxException if the text is too long or not a valid selector
     * @throws NullPointerException    if {@code text} is {@code null}
     */
    public static Selector parse(String text) {
        return SelectorParser.parse(text);
    }

    /**
     * Returns the selector with the given requirements.
     *
     * @param requirements the requirements, in any order
     * @return the selector
     */
    public static Selector of(Requirement... requirements) {
        return new Selector(List.of(requirements));
    }

    /**
     * Returns the selector without requirements, which Kubernetes reads as "everything".
     *
     * @return the empty selector
     */
    public static Selector empty() {
        return EMPTY;
    }

    /**
     * Tells whether this selector has no requirements (and so, in Kubernetes semantics, selects
     * everything).
     *
     * @return {@code true} if there are no requirements
     */
    public boolean isEmpty() {
        return requirements.isEmpty();
    }

    /**
     * Returns the canonical text form: the requirements' {@link Requirement#toString() canonical
     * forms} in order, joined by {@code ,} without spaces (as Kubernetes prints selectors); the
     * empty string for the empty selector. {@code parse(s.toString())} equals {@code s}.
     *
     * @return the canonical form
     */
    @Override
    public String toString() {
        return requirements.stream().map(Requirement::toString).collect(Collectors.joining(","));
    }

    /**
     * Equal when the requirements are; the same selector object (as the decision cache's keys of one
     * token hold) answers without comparing them.
     */
    @Override
    public boolean equals(Object other) {
        return this == other || other instanceof Selector that && requirements.equals(that.requirements);
    }

    @Override
    public int hashCode() {
        return requirements.hashCode();
    }
}
