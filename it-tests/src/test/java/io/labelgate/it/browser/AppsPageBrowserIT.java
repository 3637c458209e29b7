package io.labelgate.it.browser;

import io.labelgate.it.AdminApi;
import io.labelgate.it.DeployedPlainSample;
import io.labelgate.it.Http;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Apps page, read by an administrator in a real Chromium. */
class AppsPageBrowserIT extends DeployedPlainSample {

    @Test
    void appsPageListsTheSampleAppWithItsLabelsAndLinksToItsDetails() {
        String reader = api().read("group=A").id();
        String operator = api().operator("group=A").id();
        try (Browser admin = Browser.desktop()) {
            LoginPage.logIn(admin, Http.loopback(base, "/labelgate/apps"), AdminApi.SECRET);
            assertEquals("/ai-app/labelgate/apps", admin.url().getPath());
            admin.visible(By.id("apps"));

            List<WebElement> rows = admin.driver().findElements(By.cssSelector("table#apps tr[data-app-id]")).stream()
                    .filter(row -> row.findElement(By.cssSelector("td:first-child a"))
                            .getText()
                            .equals("ai-app"))
                    .toList();

            assertEquals(1, rows.size(), "one row for ai-app");
            WebElement row = rows.get(0);
            String id = row.getDomAttribute("data-app-id");
            Set<String> tags = row.findElements(By.cssSelector(".tag")).stream()
                    .map(WebElement::getText)
                    .collect(Collectors.toSet());
            // labelgate.app.labels in arquillian.xml tries labelgate/type=model: reserved labels are the platform's
            assertEquals(Set.of("group=A", "labelgate/type=app", "labelgate/id=" + id), tags);
            List<WebElement> cells = row.findElements(By.tagName("td"));
            // name (the link to the details), labels, region, status, access URL
            assertEquals("GRA", cells.get(2).getText());
            assertEquals(
                    "running",
                    cells.get(3).findElement(By.cssSelector(".status")).getText());
            URI access = URI.create(cells.get(4).findElement(By.tagName("a")).getDomProperty("href"));
            assertEquals("/ai-app/", access.getPath());
            admin.screenshot("apps-page");

            WebElement details = cells.get(0).findElement(By.tagName("a"));
            assertEquals(
                    "/ai-app/labelgate/apps/" + id,
                    URI.create(details.getDomProperty("href")).getPath());
            details.click();

            admin.awaitPath("/ai-app/labelgate/apps/" + id);
            String heading = admin.visible(By.tagName("h1")).getText();
            assertTrue(heading.contains("ai-app"), () -> "the details page is about ai-app: " + heading);

            // its own page says who can reach it, as the access review decides
            WebElement review = admin.visible(By.id("access"));
            List<WebElement> lists = review.findElements(By.tagName("table"));
            assertEquals(2, lists.size(), "one list of readers, one of operators");
            assertEquals(
                    1,
                    lists.get(0)
                            .findElements(By.cssSelector("tr[data-token-id='" + reader + "']"))
                            .size());
            assertEquals(
                    0,
                    lists.get(1)
                            .findElements(By.cssSelector("tr[data-token-id='" + reader + "']"))
                            .size());
            assertEquals(
                    1,
                    lists.get(1)
                            .findElements(By.cssSelector("tr[data-token-id='" + operator + "']"))
                            .size());
            admin.screenshot("app-page-access");
        }
    }
}
