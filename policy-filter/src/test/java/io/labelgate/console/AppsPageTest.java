package io.labelgate.console;

import io.labelgate.app.AccessReview;
import io.labelgate.registry.AppRecord;
import io.labelgate.registry.AppStatus;
import io.labelgate.registry.TokenRecord;
import io.labelgate.selector.Selector;
import io.labelgate.token.Role;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Apps page and each app's page. */
class AppsPageTest {

    private static final String BASE = "/ai-app/labelgate";
    private static final UUID ID = UUID.fromString("0b6f4f3e-8a4c-4c47-9d55-3a1f7e0c2b10");
    private static final Instant REGISTERED = Instant.parse("2030-01-31T09:05:00Z");

    private static AppRecord app(
            UUID id, String name, Map<String, String> labels, String region, String baseUrl, AppStatus status) {
        return new AppRecord(id, name, region, labels, baseUrl, status, REGISTERED, REGISTERED);
    }

    private static String list(List<AppRecord> apps) {
        return AppsPage.render(new AppsPage.Model(BASE, "csrf-1", apps, AppRecord::baseUrl))
                .toString();
    }

    @Test
    void theListLinksEachAppToItsPageWithItsSortedLabelsAndLeavesOutDeletedOnes() {
        String html = list(List.of(
                app(
                        ID,
                        "ai-app",
                        Map.of("labelgate/id", ID.toString(), "group", "A"),
                        "GRA",
                        "http://127.0.0.1:8080/ai-app/",
                        AppStatus.RUNNING),
                app(UUID.randomUUID(), "gone", Map.of(), "GRA", null, AppStatus.DELETED)));

        assertTrue(
                html.contains("<tr data-app-id=\"" + ID + "\"><td data-label=\"Name\" class=\"name\"><a href=\"" + BASE
                        + "/apps/" + ID + "\">ai-app</a></td>"),
                html);
        assertTrue(
                html.contains("<span class=\"tag\">group=A</span> <span class=\"tag\">labelgate/id=" + ID + "</span>"),
                html);
        assertTrue(html.contains("<span class=\"status running\">running</span>"), html);
        assertTrue(html.contains("<a href=\"http://127.0.0.1:8080/ai-app/\">http://127.0.0.1:8080/ai-app/</a>"), html);
        assertFalse(html.contains("gone"), html);
        assertTrue(html.contains("<table id=\"apps\" class=\"list\">"), html);
    }

    @Test
    void anAppWithoutAnAddressSaysItIsNotConfigured() {
        String html = list(List.of(app(ID, "other", Map.of(), "GRA", null, AppStatus.STOPPED)));

        assertTrue(html.contains("<span class=\"hint\">not configured</span>"), html);
    }

    @Test
    void anAddressABrowserWouldRunIsShownAsTextNotLinked() {
        String html = list(List.of(app(ID, "other", Map.of(), "GRA", "javascript:alert(1)", AppStatus.RUNNING)));

        assertTrue(html.contains("<span class=\"url\">javascript:alert(1)</span>"), html);
        assertFalse(html.contains("href=\"javascript"), html);
    }

    @Test
    void hostileAppNamesLabelsAndRegionsAreShownEscapedAndChangeNoMarkup() {
        Hostile.assertShownEscaped(list(List.of(hostile(Hostile.TEXT))), list(List.of(hostile(Hostile.PLAIN))));
    }

    @Test
    void anAppsPageShowsItsDetailsAndTheSelectorThatNamesItAlone() {
        AppRecord app =
                app(ID, "ai-app", Map.of("labelgate/id", ID.toString(), "group", "A"), "GRA", null, AppStatus.RUNNING);

        String html = AppPage.render(new AppPage.Model(BASE, "csrf-1", app, "http://127.0.0.1:8080/ai-app/"))
                .toString();

        assertTrue(html.contains("<title>ai-app - labelgate</title>"), html);
        assertTrue(html.contains("<h1>ai-app</h1>"), html);
        assertTrue(html.contains("<dt>Id</dt><dd><code>" + ID + "</code></dd>"), html);
        assertTrue(html.contains("<code>labelgate/id=" + ID + "</code>"), html);
        assertTrue(html.contains("<dt>Registered</dt><dd><time datetime=\"2030-01-31T09:05:00Z\">"), html);
    }

    @Test
    void hostileValuesOnAnAppsPageAreShownEscapedAndChangeNoMarkup() {
        Hostile.assertShownEscaped(appPage(Hostile.TEXT), appPage(Hostile.PLAIN));
        assertTrue(appPage(Hostile.TEXT).contains("<h1>" + Hostile.ESCAPED + "</h1>"));
    }

    @Test
    void thisAppsPageSaysWhoMayReadAndWhoMayManageIt() {
        AppRecord app = app(ID, "ai-app", Map.of("group", "A"), "GRA", null, AppStatus.RUNNING);
        TokenRecord reader = token("tok-r", "ci-reader", Role.READ);
        TokenRecord operator = token("tok-o", "ops", Role.OPERATOR);

        String html = AppPage.render(new AppPage.Model(
                        BASE,
                        "csrf-1",
                        app,
                        null,
                        Optional.of(new AccessReview.Result(
                                List.of(operator, reader), List.of(operator), 3, Duration.ofMillis(4)))))
                .toString();

        assertTrue(html.contains("<h3>May read (2)</h3>"), html);
        assertTrue(html.contains("<h3>May manage (1)</h3>"), html);
        assertTrue(html.contains("each of the 3 unexpired tokens"), html);
        assertTrue(
                html.contains("<tr data-token-id=\"tok-r\"><td data-label=\"Name\" class=\"name\">ci-reader</td>"),
                html);
        assertFalse(
                AppPage.render(new AppPage.Model(BASE, "csrf-1", app, null))
                        .toString()
                        .contains("id=\"access\""),
                "another app's page has no review");
    }

    @Test
    void hostileTokenNamesAndRegionsInTheReviewAreShownEscapedAndChangeNoMarkup() {
        Hostile.assertShownEscaped(reviewPage(Hostile.TEXT), reviewPage(Hostile.PLAIN));
    }

    private static String reviewPage(String text) {
        AppRecord app = app(ID, "ai-app", Map.of(), "GRA", null, AppStatus.RUNNING);
        TokenRecord token = new TokenRecord(
                "tok-1", text, Selector.parse("group=A"), false, Role.READ, text, 1, REGISTERED, null, null);
        return AppPage.render(new AppPage.Model(
                        BASE,
                        "csrf-1",
                        app,
                        null,
                        Optional.of(new AccessReview.Result(List.of(token), List.of(token), 1, Duration.ZERO))))
                .toString();
    }

    private static TokenRecord token(String id, String name, Role role) {
        return new TokenRecord(id, name, Selector.parse("group=A"), false, role, "GRA", 1, REGISTERED, null, null);
    }

    private static String appPage(String text) {
        AppRecord app = hostile(text);
        return AppPage.render(new AppPage.Model(BASE, text, app, app.baseUrl())).toString();
    }

    /** An app whose name, label, region and address are all {@code text} (its status is an enum). */
    private static AppRecord hostile(String text) {
        return app(ID, text, Map.of(text, text), text, text, AppStatus.RUNNING);
    }
}
