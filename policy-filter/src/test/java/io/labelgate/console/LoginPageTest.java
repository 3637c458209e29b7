package io.labelgate.console;

import io.labelgate.registry.BrowserSession;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LoginPageTest {

    private static final String BASE = "/ai-app/labelgate";
    private static final Instant NOW = Instant.parse("2030-01-31T09:00:00Z");

    private static BrowserSession session(String tokenId, String csrf) {
        return new BrowserSession("hash", tokenId, 1, null, csrf, NOW, NOW.plusSeconds(3600));
    }

    private static String render(String message, BrowserSession session) {
        return LoginPage.render(new LoginPage.Model(BASE, "ai-app", "csrf-1", "/ai-app/", message, session))
                .toString();
    }

    @Test
    void theTokenFormPostsToLoginWithItsCsrfTokenAndNextAndWaitsForItsButton() {
        String html = render(null, null);

        assertTrue(html.contains("<title>Login with token - ai-app</title>"), html);
        assertTrue(
                html.contains("<form id=\"token-form\" method=\"post\" action=\"/ai-app/labelgate/login\" hidden>"),
                html);
        // the first CSRF field of the page is the form's, written as BrowserLogin in it-tests reads it
        Matcher csrf = Pattern.compile("<input type=\"hidden\" name=\"csrf\" value=\"([^\"]+)\">")
                .matcher(html);
        assertTrue(csrf.find(), html);
        assertEquals("csrf-1", csrf.group(1));
        assertTrue(html.contains("<input type=\"hidden\" name=\"next\" value=\"/ai-app/\">"), html);
        assertTrue(html.contains("<input id=\"token\" name=\"token\" type=\"password\""), html);
        assertFalse(html.contains("id=\"message\""), html);
        assertFalse(html.contains("id=\"logout\""), "no session, no Log out: " + html);
    }

    @Test
    void aMessageIsAnAlert() {
        String html = render("Your session ended. Log in again.", null);

        assertTrue(html.contains("<p id=\"message\" role=\"alert\">Your session ended. Log in again.</p>"), html);
    }

    @Test
    void aSignedInBrowserIsToldWithWhatAndOfferedLogOutWithTheSessionsCsrfToken() {
        String admin = render(null, session(null, "session-csrf"));
        String token = render(null, session("t-1", "session-csrf"));

        assertTrue(admin.contains("<p id=\"signed-in\">You are logged in as administrator.</p>"), admin);
        assertTrue(token.contains("<p id=\"signed-in\">You are logged in with token t-1.</p>"), token);
        assertTrue(
                admin.contains("<form method=\"post\" action=\"/ai-app/labelgate/logout\"><input type=\"hidden\" "
                        + "name=\"csrf\" value=\"session-csrf\">"),
                admin);
        assertTrue(admin.contains("<button id=\"logout\" type=\"submit\">Log out</button>"), admin);
    }

    @Test
    void hostileAppNamesTargetsMessagesAndTokenIdsAreShownEscapedAndChangeNoMarkup() {
        Hostile.assertShownEscaped(page(Hostile.TEXT), page(Hostile.PLAIN));
        assertTrue(page(Hostile.TEXT).contains("<title>Login with token - " + Hostile.ESCAPED + "</title>"));
    }

    private static String page(String text) {
        return LoginPage.render(new LoginPage.Model(BASE, text, text, text, text, session(text, text)))
                .toString();
    }
}
