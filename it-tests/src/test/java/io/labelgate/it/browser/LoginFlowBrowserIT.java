package io.labelgate.it.browser;

import io.labelgate.it.AdminApi;
import io.labelgate.it.DeployedPlainSample;
import io.labelgate.it.Http;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

import java.net.URI;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Logging in to the sample app with a token in a real Chromium, and the session's end. */
class LoginFlowBrowserIT extends DeployedPlainSample {

    @Test
    void unauthenticatedVisitLandsOnLoginAndATokenOpensTheApp() {
        AdminApi.Created reader = api().read("group=A");
        try (Browser browser = Browser.desktop()) {
            browser.open(root());

            assertEquals(LoginPage.PATH, browser.url().getPath());
            assertEquals(Optional.of("/ai-app/"), LoginPage.queryParameter(browser.url(), "next"));
            WebElement show = browser.visible(By.id("show-token-login"));
            assertEquals("Login with token", show.getText());
            assertFalse(
                    browser.driver().findElement(By.id("token-form")).isDisplayed(), "the form waits for the button");

            show.click();

            WebElement form = browser.visible(By.id("token-form"));
            assertEquals("post", form.getDomProperty("method"));
            assertEquals(
                    LoginPage.PATH, URI.create(form.getDomProperty("action")).getPath());
            assertEquals("password", browser.visible(By.id("token")).getDomAttribute("type"));
            assertEquals(
                    "/ai-app/",
                    form.findElement(By.cssSelector("input[type=hidden][name=next]"))
                            .getDomProperty("value"));
            assertFalse(form.findElement(By.cssSelector("input[type=hidden][name=csrf]"))
                    .getDomProperty("value")
                    .isBlank());
            assertEquals(
                    "Connect", browser.driver().findElement(By.id("connect")).getText());
            browser.screenshot("login-page");

            browser.driver().findElement(By.id("token")).sendKeys(reader.token());
            browser.driver().findElement(By.id("connect")).click();

            browser.awaitPath("/ai-app/");
            assertEquals("Hello, World!", browser.bodyText());
            Cookie session = browser.driver().manage().getCookieNamed("labelgate-session");
            assertNotNull(session, "the login set the session cookie");
            assertTrue(session.isHttpOnly());
            assertEquals("Strict", session.getSameSite());
            assertEquals("/", session.getPath());
            assertFalse(session.isSecure(), "plain HTTP is the documented development fallback");
            assertFalse(session.getValue().contains(reader.token()), "the cookie never carries the token");
        }
    }

    @Test
    void regeneratingTheTokenEndsItsBrowserSessionWithinTheBound() {
        AdminApi.Created reader = api().read("group=A");
        try (Browser browser = Browser.desktop()) {
            LoginPage.logIn(browser, root(), reader.token());
            assertEquals("Hello, World!", browser.bodyText());

            assertEquals(200, api().regenerate(reader.id()).statusCode());

            LoginPage.assertSessionEndedAtOnce(browser, root());
        }
    }

    @Test
    void deletingTheTokenEndsItsBrowserSessionWithinTheBound() {
        AdminApi.Created reader = api().read("group=A");
        try (Browser browser = Browser.desktop()) {
            LoginPage.logIn(browser, root(), reader.token());
            assertEquals("Hello, World!", browser.bodyText());

            assertEquals(204, api().delete(reader.id()).statusCode());

            LoginPage.assertSessionEndedAtOnce(browser, root());
        }
    }

    @Test
    void invalidTokenShowsAPlainMessageAndStaysOnTheLoginPage() {
        try (Browser browser = Browser.desktop()) {
            browser.open(root());

            LoginPage.connect(browser, "not-a-labelgate-token");

            // the form posts to the login page itself: its path says nothing until the answer shows
            assertEquals(LoginPage.INVALID_TOKEN, LoginPage.message(browser));
            assertEquals(LoginPage.PATH, browser.url().getPath());
            assertNull(browser.driver().manage().getCookieNamed("labelgate-session"));
        }
    }

    @ParameterizedTest(name = "next={0}")
    @ValueSource(
            strings = {"https://elsewhere.example", "//elsewhere.example", "/\\elsewhere.example", "javascript:alert(1)"
            })
    void nextOutsideThisSiteIsNeverFollowed(String next) {
        AdminApi.Created reader = api().read("group=A");
        try (Browser browser = Browser.desktop()) {
            browser.open(LoginPage.withNext(root(), next));
            assertEquals(LoginPage.OFF_SITE_NEXT, LoginPage.message(browser));

            LoginPage.connect(browser, reader.token());

            browser.awaitPath("/ai-app/");
            assertEquals("127.0.0.1", browser.url().getHost());
            assertEquals("/ai-app/", browser.url().getPath());
            assertEquals("Hello, World!", browser.bodyText());
        }
    }

    @Test
    void logoutEndsTheSessionAndTheAppAsksForLoginAgain() {
        AdminApi.Created reader = api().read("group=A");
        try (Browser browser = Browser.desktop()) {
            LoginPage.logIn(browser, root(), reader.token());
            assertEquals("Hello, World!", browser.bodyText());
            // the app's own pages are the app's: a token's session finds Log out on the login page
            browser.open(Http.loopback(base, "/labelgate/login"));

            browser.visible(By.id("logout")).click();

            browser.await(driver -> driver.manage().getCookieNamed("labelgate-session") == null);
            browser.open(root());
            assertEquals(LoginPage.PATH, browser.url().getPath());
            assertEquals(Optional.of("/ai-app/"), LoginPage.queryParameter(browser.url(), "next"));
        }
    }

    @Test
    void loginPageFitsAPhoneWithoutSidewaysScrolling() {
        try (Browser phone = Browser.phone()) {
            phone.open(root());
            phone.visible(By.id("show-token-login")).click();
            phone.visible(By.id("token"));

            assertEquals(
                    390L,
                    phone.script("return window.innerWidth;"),
                    "the page declares <meta name=viewport content=\"width=device-width, ...\">");
            assertFalse(phone.scrollsHorizontally(), "no sideways scrolling at 390 px");
            WebElement connect = phone.visible(By.id("connect"));
            assertTrue(connect.getRect().getX() + connect.getRect().getWidth() <= 390, "Connect is on screen");
        }
    }

    @Test
    void loginFormWorksWithTheKeyboardAlone() {
        AdminApi.Created reader = api().read("group=A");
        try (Browser browser = Browser.desktop()) {
            browser.open(root());
            WebElement label = browser.driver().findElement(By.cssSelector("label[for=token]"));
            assertFalse(label.getDomProperty("textContent").isBlank(), "the token field has a visible label");

            browser.visible(By.id("show-token-login")).sendKeys(Keys.ENTER);

            browser.visible(By.id("token"));
            assertEquals(
                    "token", browser.script("return document.activeElement.id;"), "focus moves to the token field");
            browser.driver().switchTo().activeElement().sendKeys(reader.token(), Keys.ENTER);
            browser.awaitPath("/ai-app/");
            assertEquals("Hello, World!", browser.bodyText());
        }
    }
}
