package io.labelgate.it.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.labelgate.it.AdminApi;
import io.labelgate.it.DeployedPlainSample;
import io.labelgate.it.Http;
import io.labelgate.it.IssuedSecrets;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Rectangle;
import org.openqa.selenium.WebElement;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Tokens page as a new administrator meets it: the admin secret on the login page opens the
 * Tokens page; with ten tokens the list fits a 1280 x 800 laptop with every row's buttons on
 * screen, newest first, and a 390 px phone without sideways scrolling.
 */
class TokensPageLayoutBrowserIT extends DeployedPlainSample {

    private static final ObjectMapper JSON = new ObjectMapper();

    private URI tokensPage() {
        return uri("/labelgate/tokens");
    }

    @Test
    void theAdminSecretOnTheLoginPageOpensTheTokensPage() {
        try (Browser admin = Browser.laptop()) {
            admin.open(Http.loopback(base, "/labelgate/login"));

            LoginPage.connect(admin, AdminApi.SECRET);

            admin.awaitPath("/ai-app/labelgate/tokens");
            admin.visible(By.id("tokens"));
        }
    }

    @Test
    void tenTokensFitALaptopNewestFirstAndAPhoneWithoutSidewaysScrolling() throws InterruptedException {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<String> ids = new ArrayList<>();
        ids.add(create("nightly batch reader for the reporting team " + run + " 0"));
        // the registry keeps creation times to the second: the first token is older than the rest
        Thread.sleep(1_100);
        for (int i = 1; i < 10; i++) {
            ids.add(create("nightly batch reader for the reporting team " + run + " " + i));
        }

        try (Browser laptop = Browser.laptop()) {
            LoginPage.logIn(laptop, tokensPage(), AdminApi.SECRET);
            laptop.visible(By.id("tokens"));

            assertNoSidewaysScrolling(laptop);
            long width = viewportWidth(laptop);
            for (String id : ids) {
                for (String action : List.of("regenerate", "delete")) {
                    Rectangle button = laptop.driver()
                            .findElement(By.cssSelector("button." + action + "[data-token-id='" + id + "']"))
                            .getRect();
                    assertTrue(
                            button.getX() >= 0 && button.getX() + button.getWidth() <= width,
                            () -> action + " of " + id + " is off screen: " + button.getX() + "+" + button.getWidth()
                                    + " > " + width);
                }
            }
            List<String> shown = rowIds(laptop);
            assertTrue(
                    shown.indexOf(ids.get(0))
                            > ids.subList(1, 10).stream()
                                    .mapToInt(shown::indexOf)
                                    .max()
                                    .orElseThrow(),
                    () -> "the oldest of the ten comes after the other nine: " + shown);
            List<Instant> created = laptop
                    .driver()
                    .findElements(By.cssSelector("table#tokens tbody tr td[data-label='Created'] time"))
                    .stream()
                    .map(time -> Instant.parse(time.getDomAttribute("datetime")))
                    .toList();
            for (int i = 1; i < created.size(); i++) {
                assertFalse(created.get(i).isAfter(created.get(i - 1)), () -> "newest first: " + created);
            }
        }

        try (Browser phone = Browser.phone()) {
            LoginPage.logIn(phone, tokensPage(), AdminApi.SECRET);
            phone.visible(By.id("tokens"));

            assertNoSidewaysScrolling(phone);
            WebElement delete = phone.visible(By.cssSelector("button.delete[data-token-id='" + ids.get(9) + "']"));
            assertTrue(
                    delete.getRect().getX() + delete.getRect().getWidth() <= viewportWidth(phone),
                    "Delete is on screen");
        }
    }

    private static void assertNoSidewaysScrolling(Browser browser) {
        Number scrollWidth = (Number) browser.script("return document.documentElement.scrollWidth;");
        long clientWidth = viewportWidth(browser);
        assertTrue(
                scrollWidth.longValue() <= clientWidth,
                () -> "the page scrolls sideways: " + scrollWidth + " > " + clientWidth);
    }

    private static long viewportWidth(Browser browser) {
        return ((Number) browser.script("return document.documentElement.clientWidth;")).longValue();
    }

    private static List<String> rowIds(Browser browser) {
        return browser.driver().findElements(By.cssSelector("table#tokens tbody tr[data-token-id]")).stream()
                .map(row -> row.getDomAttribute("data-token-id"))
                .toList();
    }

    /** A read token with a long name and selector, through the admin API; returns its id. */
    private String create(String name) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("selector", "group in (A,B), tier notin (gpu,tpu), environment=production");
        body.put("role", "read");
        body.put("region", "GRA");
        HttpResponse<String> created;
        try {
            created = Http.send(HttpRequest.newBuilder(Http.loopback(base, "/labelgate/api/tokens"))
                    .timeout(Duration.ofSeconds(20))
                    .header("Authorization", "Bearer " + AdminApi.SECRET)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                    .build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertEquals(201, created.statusCode(), created::body);
        JsonNode token = AdminApi.parse(created.body());
        IssuedSecrets.record(token.get("token").textValue());
        return token.get("id").textValue();
    }
}
