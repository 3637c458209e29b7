package io.labelgate.console;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ErrorPageTest {

    @Test
    void theTitleAndTheSentenceAreShownAsAnAlertWithoutTheSignedInBar() {
        String html = ErrorPage.render("/ai-app/labelgate", "Access denied", "Your token does not give access here.")
                .toString();

        assertTrue(html.startsWith("<!DOCTYPE html>\n<html lang=\"en\">"), html);
        assertTrue(html.contains("<title>Access denied</title>"), html);
        assertTrue(
                html.contains("<section class=\"card\"><h1>Access denied</h1><p id=\"message\" role=\"alert\">"
                        + "Your token does not give access here.</p></section>"),
                html);
        assertTrue(html.contains("<link rel=\"stylesheet\" href=\"/ai-app/labelgate/assets/labelgate.css\">"), html);
        assertEquals(
                1, html.split("rel=\"stylesheet\"", -1).length - 1, "one stylesheet, the lists' rules in it: " + html);
        assertTrue(html.contains("<script src=\"/ai-app/labelgate/assets/labelgate.js\" defer></script>"), html);
        assertFalse(html.contains("id=\"logout\""), html);
    }

    @Test
    void aHostileTitleOrSentenceIsShownEscapedAndChangesNoMarkup() {
        Hostile.assertShownEscaped(
                ErrorPage.render("/b", Hostile.TEXT, Hostile.TEXT).toString(),
                ErrorPage.render("/b", Hostile.PLAIN, Hostile.PLAIN).toString());
    }
}
