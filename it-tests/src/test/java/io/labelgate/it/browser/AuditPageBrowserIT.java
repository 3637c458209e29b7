package io.labelgate.it.browser;

import io.labelgate.it.AdminApi;
import io.labelgate.it.DeployedPlainSample;
import io.labelgate.it.Http;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The Audit page in a real Chromium: an administrator who signed in with the admin secret finds
 * who deleted a token, filtering by action.
 */
class AuditPageBrowserIT extends DeployedPlainSample {

    @Test
    void anAdministratorFindsWhoDeletedATokenByFilteringTheTrail() {
        AdminApi api = api();
        AdminApi.Created kept = api.read("group=A");
        AdminApi.Created deleted = api.operator("group=A");
        assertEquals(204, api.delete(deleted.id()).statusCode());

        try (Browser admin = Browser.desktop()) {
            LoginPage.logIn(admin, Http.loopback(base, "/labelgate/audit"), AdminApi.SECRET);
            assertEquals("/ai-app/labelgate/audit", admin.url().getPath());
            admin.visible(By.id("audit"));
            // the sign-in just made is the newest entry
            WebElement newest = admin.driver().findElement(By.cssSelector("table#audit tr[data-audit-id]"));
            assertEquals(
                    "admin.signed-in",
                    newest.findElement(By.cssSelector("td.action")).getText());

            new Select(admin.visible(By.id("action"))).selectByValue("token.deleted");
            admin.driver()
                    .findElement(By.cssSelector("#audit-filter button[type=submit]"))
                    .click();
            admin.await(driver -> driver.getCurrentUrl().contains("action=token.deleted"));

            List<WebElement> rows = admin.driver().findElements(By.cssSelector("table#audit tr[data-audit-id]"));
            assertFalse(rows.isEmpty(), "the deletion is listed");
            WebElement row = rows.get(0);
            assertEquals(
                    deleted.id(), row.findElement(By.cssSelector("td.target")).getText());
            assertEquals(
                    "admin-secret",
                    row.findElement(By.cssSelector("td.actor")).getText().split(" ")[0]);
            assertEquals(
                    "127.0.0.1", row.findElement(By.cssSelector("td.source")).getText());
            assertFalse(admin.bodyText().contains(kept.id()), "only deletions are listed");
            admin.screenshot("audit-page");
        }
    }
}
