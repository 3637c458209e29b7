package io.labelgate.it.browser;

import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * labelgate's login page as a user sees it, and the sentences the pages show. The sentences are
 * part of the UI contract: change one here and in the page together.
 */
final class LoginPage {

    /** Path of the login page (and of its form's POST) under the sample app. */
    static final String PATH = "/ai-app/labelgate/login";

    /** {@code #message} after a token that is not valid (unknown, revoked, expired or malformed). */
    static final String INVALID_TOKEN = "That token is not valid for this application. Check that you pasted all of "
            + "it, and that it was not regenerated or deleted.";
    /** {@code #message} when a session's token was regenerated, deleted or expired (login?reason=invalid). */
    static final String TOKEN_NO_LONGER_VALID =
            "Your token is no longer valid: it expired, or was regenerated or " + "deleted. Paste a current token.";
    /** {@code #message} when {@code next} is not a path on this site (login?reason=next). */
    static final String OFF_SITE_NEXT = "That address leads outside this application, so it was ignored.";
    /** {@code #token-warning} beside a freshly generated token. */
    static final String TOKEN_WARNING = "Copy this token now: it will not be shown again.";
    /** {@code #selector-status} for a selector that parses and names something. */
    static final String SELECTOR_VALID = "valid selector";

    /** How long a revoked token's browser session may live on: the bound of 2 s, with margin. */
    private LoginPage() {}

    /** The login page URL asking to go to {@code next} afterwards. */
    static URI withNext(URI appRoot, String next) {
        return URI.create("http://127.0.0.1:" + appRoot.getPort() + PATH + "?next="
                + URLEncoder.encode(next, StandardCharsets.UTF_8));
    }

    /** On the login page: reveals the token form, types the token and presses Connect. */
    static void connect(Browser browser, String token) {
        browser.visible(By.id("show-token-login")).click();
        WebElement field = browser.visible(By.id("token"));
        field.sendKeys(token);
        browser.driver().findElement(By.id("connect")).click();
    }

    /** Opens {@code page}, which must send the browser to the login page, and logs in with {@code token}. */
    static void logIn(Browser browser, URI page, String token) {
        browser.open(page);
        assertEquals(PATH, browser.url().getPath(), "an unauthenticated visit lands on the login page");
        String target = URI.create(browser.driver()
                        .findElement(By.cssSelector("input[type=hidden][name=next]"))
                        .getDomProperty("value"))
                .getPath();
        connect(browser, token);
        browser.awaitPath(target);
    }

    /** The text of {@code #message}, which must be an alert. */
    static String message(Browser browser) {
        WebElement message = browser.visible(By.id("message"));
        assertEquals("alert", message.getDomAttribute("role"));
        return message.getText();
    }

    /** A query parameter of a URI, decoded; empty when absent. */
    static Optional<String> queryParameter(URI uri, String name) {
        String query = uri.getRawQuery();
        if (query == null) {
            return Optional.empty();
        }
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            String key = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            if (key.equals(name)) {
                return Optional.of(
                        equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }

    /**
     * The token was revoked on the node this browser talks to, so its session ends at once
     * (SECURITY.md): the very next page the browser opens sends it to the login page, which says
     * the token is no longer valid.
     */
    static void assertSessionEndedAtOnce(Browser browser, URI page) {
        browser.open(page);
        assertEquals(PATH, browser.url().getPath(), "the session ended at once: the browser is sent to log in");
        assertEquals(TOKEN_NO_LONGER_VALID, message(browser));
    }
}
