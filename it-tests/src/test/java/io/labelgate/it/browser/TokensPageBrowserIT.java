package io.labelgate.it.browser;

import com.fasterxml.jackson.databind.JsonNode;
import io.labelgate.it.AdminApi;
import io.labelgate.it.DeployedPlainSample;
import io.labelgate.it.IssuedSecrets;
import io.labelgate.selector.Selector;
import io.labelgate.selector.SelectorSyntaxException;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Tokens page, used by an administrator in a real Chromium; its tokens used in another one. */
class TokensPageBrowserIT extends DeployedPlainSample {

    private URI tokensPage() {
        return uri("/labelgate/tokens");
    }

    @Test
    void administratorCreatesRegeneratesAndDeletesATokenThatWorksInAnotherBrowser() {
        String name = "browser-" + UUID.randomUUID().toString().substring(0, 8);
        try (Browser admin = Browser.desktop();
                Browser user = Browser.desktop()) {
            LoginPage.logIn(admin, tokensPage(), AdminApi.SECRET);
            assertEquals("/ai-app/labelgate/tokens", admin.url().getPath());
            admin.visible(By.id("tokens"));
            assertFalse(
                    admin.driver().findElement(By.id("new-token-form")).isDisplayed(), "the form waits for the button");

            admin.visible(By.id("new-token")).click();
            admin.visible(By.id("new-token-form"));
            admin.visible(By.id("name")).sendKeys(name);
            WebElement selector = admin.visible(By.id("selector"));
            selector.sendKeys("group=A");
            awaitStatus(admin, LoginPage.SELECTOR_VALID);
            admin.await(driver -> driver.findElements(By.cssSelector("#matching-apps li")).stream()
                    .anyMatch(app -> app.getText().contains("ai-app")));
            retype(selector, "group in (");
            awaitStatus(admin, parserError("group in ("));
            retype(selector, "group in (A)");
            awaitStatus(admin, LoginPage.SELECTOR_VALID);
            admin.driver().findElement(By.id("role-read")).click();
            WebElement region = admin.driver().findElement(By.id("region"));
            retype(region, "GRA");
            assertEquals("date", admin.driver().findElement(By.id("expires-at")).getDomAttribute("type"));

            admin.driver().findElement(By.id("generate")).click();

            WebElement value = admin.visible(By.id("new-token-value"));
            assertNotNull(value.getDomAttribute("readonly"), "the token is shown read-only");
            String token = value.getDomProperty("value");
            IssuedSecrets.record(token);
            assertFalse(token.isBlank());
            admin.visible(By.id("copy-token")).click();
            // the page says so when the clipboard's promise settles, after the click has returned
            admin.awaitText(By.id("copy-token"), "Copied");
            assertEquals(
                    LoginPage.TOKEN_WARNING,
                    admin.visible(By.id("token-warning")).getText());
            admin.screenshot("tokens-page-new-token");
            JsonNode created = createdNamed(name);
            String id = created.get("id").textValue();
            WebElement row = admin.visible(By.cssSelector("tr[data-token-id='" + id + "']"));
            List<WebElement> cells = row.findElements(By.tagName("td"));
            // name, selectors, role, region, created, expiry, last used, actions
            assertEquals(8, cells.size());
            assertEquals(name, cells.get(0).getText());
            assertEquals(
                    Selector.parse(created.get("selector").textValue()).requirements().stream()
                            .map(Object::toString)
                            .toList(),
                    cells.get(1).findElements(By.cssSelector(".tag")).stream()
                            .map(WebElement::getText)
                            .toList());
            assertEquals("Read-only", cells.get(2).getText());
            assertEquals("GRA", cells.get(3).getText());
            assertEquals("never", cells.get(5).getText(), "no expiry was chosen");

            LoginPage.logIn(user, root(), token);
            assertEquals("Hello, World!", user.bodyText());

            confirm(admin, By.cssSelector("button.regenerate[data-token-id='" + id + "']"));
            String regenerated = admin.await(driver -> {
                String shown = driver.findElement(By.id("new-token-value")).getDomProperty("value");
                return shown != null && !shown.isBlank() && !shown.equals(token) ? shown : null;
            });
            IssuedSecrets.record(regenerated);
            assertNotEquals(token, regenerated);

            LoginPage.assertSessionEndedAtOnce(user, root());
            LoginPage.connect(user, regenerated);
            user.awaitPath("/ai-app/");
            assertEquals("Hello, World!", user.bodyText());

            admin.open(tokensPage());
            confirm(admin, By.cssSelector("button.delete[data-token-id='" + id + "']"));
            admin.await(ExpectedConditions.numberOfElementsToBe(By.cssSelector("tr[data-token-id='" + id + "']"), 0));
            assertEquals(404, new AdminApi(root()).get(id).statusCode());
            LoginPage.assertSessionEndedAtOnce(user, root());
        }
    }

    @Test
    void administratorFiltersTheListAndSeesATokenExpiringWithinTheWarningWindowMarked() {
        // a region of its own: the other tests' tokens share the registry
        String region = "B" + UUID.randomUUID().toString().substring(0, 8).toUpperCase(Locale.ROOT);
        AdminApi.Created soon = api().create(
                        "operator",
                        region,
                        "group=A",
                        Instant.now().plus(Duration.ofDays(3)).plus(Duration.ofHours(1)));
        AdminApi.Created reader = api().create("read", region, "group=A", null);
        try (Browser admin = Browser.desktop()) {
            LoginPage.logIn(admin, tokensPage(), AdminApi.SECRET);
            admin.visible(By.id("token-filter"));

            admin.visible(By.id("filter-region")).sendKeys(region);
            admin.driver().findElement(By.id("token-filter")).submit();
            admin.await(driver -> driver.getCurrentUrl().contains("region=" + region));
            // both made within the same instant of the registry's clock: their order is not the point here
            assertEquals(
                    Set.of(reader.id(), soon.id()),
                    admin.driver().findElements(By.cssSelector("#tokens tbody tr")).stream()
                            .map(row -> row.getDomAttribute("data-token-id"))
                            .collect(Collectors.toSet()));
            assertEquals(
                    "expires in 3 days",
                    admin.driver()
                            .findElement(By.cssSelector(
                                    "tr[data-token-id='" + soon.id() + "'] td[data-label='Expires'] .expiring"))
                            .getText());
            assertTrue(
                    admin.driver()
                            .findElements(By.cssSelector("tr[data-token-id='" + reader.id() + "'] .expiring"))
                            .isEmpty(),
                    "a token without expiry is not marked");

            new Select(admin.visible(By.id("filter-role"))).selectByValue("read");
            admin.driver().findElement(By.id("token-filter")).submit();
            admin.await(driver -> driver.getCurrentUrl().contains("role=read"));
            assertEquals(
                    List.of(reader.id()),
                    admin.driver().findElements(By.cssSelector("#tokens tbody tr")).stream()
                            .map(row -> row.getDomAttribute("data-token-id"))
                            .toList());
            assertEquals(
                    region, admin.visible(By.id("filter-region")).getDomProperty("value"), "the form keeps the filter");
        }
    }

    @Test
    void administratorLogsOutFromTheTokensPage() {
        try (Browser admin = Browser.desktop()) {
            LoginPage.logIn(admin, tokensPage(), AdminApi.SECRET);
            admin.visible(By.id("tokens"));

            admin.visible(By.id("logout")).click();

            admin.await(driver -> driver.manage().getCookieNamed("labelgate-session") == null);
            admin.open(tokensPage());
            assertEquals(LoginPage.PATH, admin.url().getPath());
        }
    }

    /** Clicks a button that opens {@code dialog#confirm}, then confirms. */
    private static void confirm(Browser browser, By button) {
        browser.visible(button).click();
        WebElement dialog = browser.visible(By.cssSelector("dialog#confirm"));
        assertTrue(dialog.getDomProperty("open") != null, "the confirmation dialog is open");
        dialog.findElement(By.id("confirm-yes")).click();
    }

    private static void awaitStatus(Browser browser, String expected) {
        browser.awaitText(By.id("selector-status"), expected);
    }

    /** Replaces a field's text as a user would: select all, delete, type. */
    private static void retype(WebElement field, String text) {
        field.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        field.sendKeys(text);
    }

    /** The selector parser's own message for a bad selector, which the page shows as it is. */
    private static String parserError(String selector) {
        return assertThrows(SelectorSyntaxException.class, () -> Selector.parse(selector))
                .getMessage();
    }

    private JsonNode createdNamed(String name) {
        JsonNode list = AdminApi.parse(new AdminApi(root()).list().body());
        List<JsonNode> named = StreamSupport.stream(list.spliterator(), false)
                .filter(token -> name.equals(token.get("name").textValue()))
                .toList();
        assertEquals(1, named.size(), () -> "one token named " + name);
        return named.get(0);
    }
}
