package io.labelgate.it.browser;

import com.fasterxml.jackson.databind.JsonNode;
import io.labelgate.it.AdminApi;
import io.labelgate.it.Cli;
import io.labelgate.it.DeployedApp;
import io.labelgate.it.IssuedSecrets;
import io.labelgate.it.SampleWar;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code labelgate.tokens.max-lifetime=P90D} on every path a token is created by: the admin API,
 * the CLI and the Tokens page each refuse a token without expiry or expiring later than 90 days
 * from now, with a 400 (exit code 2 for the CLI) naming {@code expiresAt}, and create one within it.
 */
class TokenLifetimeIT extends DeployedApp {

    private static final Duration MAX = Duration.ofDays(90);
    private static final String TOO_LATE = "expiresAt: must be no later than ";

    @Deployment(testable = false)
    static WebArchive maxLifetime() {
        return SampleWar.archive("labelgate.tokens.max-lifetime=P90D");
    }

    private static Map<String, Object> request(String name, Instant expiresAt) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("selector", "group=A");
        body.put("role", "read");
        body.put("region", "GRA");
        body.put("expiresAt", expiresAt == null ? null : expiresAt.toString());
        return body;
    }

    @Test
    void theAdminApiRefusesATokenWithoutExpiryOrBeyondTheMaximumAndCreatesOneWithinIt() {
        AdminApi api = api();
        Instant now = Instant.now();

        HttpResponse<String> forever = api.post(request("forever", null));
        HttpResponse<String> tooLate =
                api.post(request("too-late", now.plus(MAX).plus(Duration.ofHours(1))));
        HttpResponse<String> within = api.post(request("within", now.plus(MAX).minus(Duration.ofHours(1))));

        assertEquals(400, forever.statusCode(), forever::body);
        assertEquals("expiresAt", AdminApi.parse(forever.body()).get("field").textValue(), forever::body);
        assertTrue(forever.body().contains("labelgate.tokens.max-lifetime"), forever::body);
        assertEquals(400, tooLate.statusCode(), tooLate::body);
        assertEquals("expiresAt", AdminApi.parse(tooLate.body()).get("field").textValue(), tooLate::body);
        assertEquals(201, within.statusCode(), within::body);
        IssuedSecrets.record(AdminApi.parse(within.body()).get("token").textValue());
        List<String> names = names();
        assertTrue(names.contains("within"), names::toString);
        assertTrue(!names.contains("forever") && !names.contains("too-late"), "nothing written for a refused token");
    }

    @Test
    void theCliRefusesATokenWithoutExpiryOrBeyondTheMaximumNamingTheField() {
        Cli.Result forever = Cli.admin(
                root(),
                "token",
                "create",
                "--name",
                "cli-forever",
                "--selector",
                "group=A",
                "--role",
                "read",
                "--region",
                "GRA");
        Cli.Result tooLate = Cli.admin(
                root(),
                "token",
                "create",
                "--name",
                "cli-too-late",
                "--selector",
                "group=A",
                "--role",
                "read",
                "--region",
                "GRA",
                "--expires-in",
                "91d");
        Cli.Result within = Cli.admin(
                root(),
                "token",
                "create",
                "--name",
                "cli-within",
                "--selector",
                "group=A",
                "--role",
                "read",
                "--region",
                "GRA",
                "--expires-in",
                "89d",
                "--output",
                "json");

        assertEquals(2, forever.exitCode(), forever::err);
        assertTrue(
                forever.err().startsWith("labelgate: required: tokens here live at most P90D")
                        && forever.err().contains("(field expiresAt)"),
                forever::err);
        assertEquals(2, tooLate.exitCode(), tooLate::err);
        assertTrue(
                tooLate.err().startsWith("labelgate: must be no later than ")
                        && tooLate.err().contains("(field expiresAt)"),
                tooLate::err);
        assertEquals(0, within.exitCode(), within::err);
        IssuedSecrets.record(AdminApi.parse(within.out()).get("token").textValue());
    }

    @Test
    void theTokensPageProposesTheLatestDayAndRefusesALaterOne() {
        URI tokensPage = uri("/labelgate/tokens");
        String latestBefore = latestDay();
        try (Browser admin = Browser.desktop()) {
            LoginPage.logIn(admin, tokensPage, AdminApi.SECRET);
            admin.visible(By.id("new-token")).click();
            WebElement expiry = admin.visible(By.id("expires-at"));
            // the latest day as the test computes it around the page's rendering (UTC midnight may pass)
            String latestDay = expiry.getDomProperty("value");
            assertTrue(
                    latestDay.equals(latestBefore) || latestDay.equals(latestDay()),
                    "the form proposes the latest day, not " + latestDay);
            assertEquals(latestDay, expiry.getDomAttribute("max"));
            assertEquals(
                    "Expires (at most 90 days)",
                    admin.driver()
                            .findElement(By.cssSelector("label[for=expires-at]"))
                            .getText());

            String name = "page-" + UUID.randomUUID().toString().substring(0, 8);
            admin.visible(By.id("name")).sendKeys(name);
            admin.visible(By.id("selector")).sendKeys("group=A");
            admin.driver().findElement(By.id("region")).sendKeys("GRA");
            // what a hand-made request would send: the browser's own check of max taken away
            admin.script(
                    "const field = document.getElementById('expires-at');"
                            + " field.removeAttribute('max'); field.value = arguments[0];",
                    LocalDate.parse(latestDay).plusDays(2).toString());
            admin.driver().findElement(By.id("generate")).click();

            admin.await(driver -> driver.findElement(By.id("message")).getText().startsWith(TOO_LATE));
            assertTrue(!names().contains(name), "nothing written");

            admin.script("document.getElementById('expires-at').value = arguments[0];", latestDay);
            admin.driver().findElement(By.id("generate")).click();
            WebElement value = admin.visible(By.id("new-token-value"));
            IssuedSecrets.record(value.getDomProperty("value"));
            assertTrue(names().contains(name), "the token within the maximum was created");
        }
    }

    /** The last day whose end (UTC) is within the maximum lifetime from now. */
    private static String latestDay() {
        return LocalDate.ofInstant(Instant.now().plus(MAX), ZoneOffset.UTC)
                .minusDays(1)
                .toString();
    }

    private List<String> names() {
        JsonNode list = AdminApi.parse(api().list().body());
        return StreamSupport.stream(list.spliterator(), false)
                .map(token -> token.get("name").textValue())
                .toList();
    }
}
