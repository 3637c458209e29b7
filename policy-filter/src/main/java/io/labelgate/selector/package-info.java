/**
 * Kubernetes-style labels and label selectors for labelgate.
 *
 * <p>This package only <em>parses, validates and prints</em> labels and selectors. It deliberately
 * has no way to evaluate a selector against a set of labels: in labelgate, matching is decided by
 * the Rego policy, never by Java code.
 *
 * <p>The syntax follows Kubernetes:
 * <a href="https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#syntax-and-character-set">
 * labels</a> and
 * <a href="https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors">
 * label selectors</a>, as implemented by {@code k8s.io/apimachinery/pkg/labels/selector.go} and
 * {@code k8s.io/apimachinery/pkg/util/validation/validation.go}. Where labelgate deviates, the
 * type's Javadoc says so.
 *
 * <p><b>Public API</b> (docs/versioning.md): every public type of this package, since a token's
 * selector ({@link io.labelgate.registry.TokenRecord#selector()}) is one of them.
 */
package io.labelgate.selector;
