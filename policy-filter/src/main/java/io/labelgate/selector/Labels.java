package io.labelgate.selector;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Validation of Kubernetes label keys and values, and parsing of labels from configuration text.
 *
 * <p>The rules are those of Kubernetes'
 * <a href="https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#syntax-and-character-set">
 * label syntax</a> ({@code IsQualifiedName} and {@code IsValidLabelValue} in
 * {@code k8s.io/apimachinery/pkg/util/validation}):
 * <ul>
 *   <li>a <b>key</b> is an optional prefix and {@code /}, then a name. The prefix is a lowercase
 *       <a href="https://www.rfc-editor.org/rfc/rfc1123#section-2.1">RFC 1123</a> subdomain of at
 *       most 253 characters: dot-separated labels of {@code [a-z0-9-]}, each starting and ending
 *       with an alphanumeric. The name has 1 to 63 characters matching
 *       {@code [A-Za-z0-9]([-_.A-Za-z0-9]*[A-Za-z0-9])?};</li>
 *   <li>a <b>value</b> is empty, or follows the rules of a name.</li>
 * </ul>
 * Checks are hand-written character loops (no regular expressions), linear in the input length.
 */
public final class Labels {

    /** Longest prefix of a key: the maximum length of an RFC 1123 subdomain. */
    public static final int MAX_PREFIX_LENGTH = 253;

    /** Longest name part of a key, and longest value. */
    public static final int MAX_NAME_LENGTH = 63;

    static final String PREFIX_CHARSET = "prefix part must be a lowercase RFC 1123 subdomain:"
            + " dot-separated labels of lowercase alphanumerics and '-',"
            + " each starting and ending with an alphanumeric (e.g. 'example.com')";
    static final String NAME_CHARSET = "name part must consist of alphanumerics, '-', '_' or '.',"
            + " and must start and end with an alphanumeric (e.g. 'MyName', 'my.name', '123-abc')";
    static final String VALUE_CHARSET = "must be empty or consist of alphanumerics, '-', '_' or '.',"
            + " and must start and end with an alphanumeric (e.g. 'MyValue', 'my_value', '12345')";

    private Labels() {}

    /**
     * Checks that {@code key} is a valid label key (a Kubernetes qualified name).
     *
     * @param key the key, e.g. {@code group} or {@code labelgate/id}
     * @throws LabelSyntaxException if the key is invalid; the reason names the part at fault
     * @throws NullPointerException if {@code key} is {@code null}
     */
    public static void validateKey(String key) {
        Objects.requireNonNull(key, "key");
        String problem = keyProblem(key);
        if (problem != null) {
            throw new LabelSyntaxException("label key " + Excerpt.quote(key), problem);
        }
    }

    /**
     * Checks that {@code value} is a valid label value: empty, or at most 63 characters matching
     * {@code [A-Za-z0-9]([-_.A-Za-z0-9]*[A-Za-z0-9])?}.
     *
     * @param value the value; the empty string is valid
     * @throws LabelSyntaxException if the value is invalid
     * @throws NullPointerException if {@code value} is {@code null}
     */
    public static void validateValue(String value) {
        Objects.requireNonNull(value, "value");
        String problem = null;
        if (value.length() > MAX_NAME_LENGTH) {
            problem = "must be no more than " + MAX_NAME_LENGTH + " characters";
        } else if (!value.isEmpty() && !isNameChars(value)) {
            problem = VALUE_CHARSET;
        }
        if (problem != null) {
            throw new LabelSyntaxException("label value " + Excerpt.quote(value), problem);
        }
    }

    /**
     * Parses labels from configuration text such as {@code group=A,tier=gpu}.
     *
     * <p>Items are separated by commas; each item is {@code key=value}, with white space around
     * the item, the key and the value ignored (as in Kubernetes'
     * {@code labels.ConvertSelectorToLabelsMap}). Empty or blank text means no labels. Unlike
     * Kubernetes, a key given twice is refused instead of the last one winning, since a
     * configuration that says two things is a mistake.
     *
     * @param text the configuration text
     * @return an unmodifiable map sorted by key
     * @throws LabelSyntaxException if an item is empty or not {@code key=value}, a key is given
     *                              twice, or a key or value is invalid
     * @throws NullPointerException if {@code text} is {@code null}
     */
    public static Map<String, String> parseLabels(String text) {
        Objects.requireNonNull(text, "text");
        TreeMap<String, String> labels = new TreeMap<>();
        if (text.isBlank()) {
            return Collections.unmodifiableSortedMap(labels);
        }
        String[] items = text.split(",", -1);
        for (int i = 0; i < items.length; i++) {
            String item = items[i].strip();
            int equals = item.indexOf('=');
            if (equals < 0 || item.indexOf('=', equals + 1) >= 0) {
                throw new LabelSyntaxException(
                        "labels", "item " + (i + 1) + " " + Excerpt.quote(item) + " is not of the form key=value");
            }
            String key = item.substring(0, equals).strip();
            String value = item.substring(equals + 1).strip();
            validateKey(key);
            validateValue(value);
            if (labels.putIfAbsent(key, value) != null) {
                throw new LabelSyntaxException("labels", "duplicate key " + Excerpt.quote(key));
            }
        }
        return Collections.unmodifiableSortedMap(labels);
    }

    /** Returns why {@code key} is not a qualified name, or {@code null} if it is one. */
    private static String keyProblem(String key) {
        String name = key;
        int slash = key.indexOf('/');
        if (slash >= 0) {
            if (key.indexOf('/', slash + 1) >= 0) {
                return "must be a name with an optional DNS subdomain prefix and a single '/'"
                        + " (e.g. 'example.com/MyName')";
            }
            String prefix = key.substring(0, slash);
            name = key.substring(slash + 1);
            if (prefix.isEmpty()) {
                return "prefix part must be non-empty";
            }
            if (prefix.length() > MAX_PREFIX_LENGTH) {
                return "prefix part must be no more than " + MAX_PREFIX_LENGTH + " characters";
            }
            if (!isDns1123Subdomain(prefix)) {
                return PREFIX_CHARSET;
            }
        }
        if (name.isEmpty()) {
            return "name part must be non-empty";
        }
        if (name.length() > MAX_NAME_LENGTH) {
            return "name part must be no more than " + MAX_NAME_LENGTH + " characters";
        }
        if (!isNameChars(name)) {
            return NAME_CHARSET;
        }
        return null;
    }

    /** {@code [A-Za-z0-9]([-_.A-Za-z0-9]*[A-Za-z0-9])?} for a non-empty string. */
    private static boolean isNameChars(String s) {
        if (!isAlphanumeric(s.charAt(0)) || !isAlphanumeric(s.charAt(s.length() - 1))) {
            return false;
        }
        for (int i = 1; i < s.length() - 1; i++) {
            char c = s.charAt(i);
            if (!isAlphanumeric(c) && c != '-' && c != '_' && c != '.') {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code [a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*}. As in Kubernetes'
     * {@code IsDNS1123Subdomain}, only the whole subdomain's length is bounded, not each label's.
     */
    private static boolean isDns1123Subdomain(String s) {
        int labelStart = 0;
        for (int i = 0; i <= s.length(); i++) {
            if (i == s.length() || s.charAt(i) == '.') {
                if (i == labelStart
                        || !isLowerAlphanumeric(s.charAt(labelStart))
                        || !isLowerAlphanumeric(s.charAt(i - 1))) {
                    return false;
                }
                labelStart = i + 1;
            } else {
                char c = s.charAt(i);
                if (!isLowerAlphanumeric(c) && c != '-') {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean isLowerAlphanumeric(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    }

    private static boolean isAlphanumeric(char c) {
        return isLowerAlphanumeric(c) || (c >= 'A' && c <= 'Z');
    }
}
