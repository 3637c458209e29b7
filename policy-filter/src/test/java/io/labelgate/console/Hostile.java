package io.labelgate.console;

import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Text an attacker would put in a token's name, an app's labels or a form field, and what a page
 * that shows it must and must not contain.
 */
final class Hostile {

    /** Every character that means something in HTML, a closing tag that ends a raw-text element, a script URL. */
    static final String TEXT = "<script>alert('x')</script> \" ' & </textarea> javascript:alert(1)";
    /** The same text, escaped. */
    static final String ESCAPED =
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &quot; &#39; &amp; &lt;/textarea&gt; "
                    + "javascript:alert(1)";
    /** A value of the same length without anything special, for the page's shape with plain values. */
    static final String PLAIN = "a".repeat(TEXT.length());

    /** Pieces of {@link #TEXT} that no page has of its own ({@code </script>} ends the frame's script element). */
    private static final List<String> RAW = List.of("<script>", "</textarea>", "alert('x')", "\" '", " & ");

    private Hostile() {}

    /**
     * The page shows the hostile text escaped, nothing of it raw, links to no script URL, and has
     * the same tags and attributes as with plain values.
     */
    static void assertShownEscaped(String hostilePage, String plainPage) {
        assertTrue(hostilePage.contains(ESCAPED), "the page shows the text, escaped");
        for (String raw : RAW) {
            assertFalse(hostilePage.contains(raw), () -> "the page contains " + raw + " raw");
        }
        String lower = hostilePage.toLowerCase(Locale.ROOT);
        assertFalse(lower.contains("href=\"javascript:") || lower.contains("action=\"javascript:"), "no script link");
        assertEquals(HtmlShape.of(plainPage), HtmlShape.of(hostilePage), "the same tags and attributes");
    }
}
