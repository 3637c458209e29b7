package io.labelgate.console;

import io.labelgate.registry.ExpiryRule;
import io.labelgate.registry.ExpiryWarning;
import io.labelgate.registry.IssuedToken;
import io.labelgate.registry.TokenFilter;
import io.labelgate.registry.TokenRecord;
import io.labelgate.selector.Selector;
import io.labelgate.token.Role;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokensPageTest {

    private static final String BASE = "/ai-app/labelgate";
    private static final Instant CREATED = Instant.parse("2030-01-31T09:05:42Z");
    private static final Instant NOW = Instant.parse("2030-02-01T12:00:00Z");
    private static final ExpiryWarning WARNING = new ExpiryWarning(Duration.ofDays(14));

    private static TokenRecord token(String id, String name, String region, Instant createdAt) {
        return new TokenRecord(
                id, name, Selector.parse("group=A, tier!=gpu"), false, Role.READ, region, 1, createdAt, null, null);
    }

    private static String render(List<TokenRecord> tokens, IssuedToken issued, String error, Map<String, String> form) {
        return TokensPage.render(new TokensPage.Model(BASE, "csrf-1", tokens, issued, error, form))
                .toString();
    }

    private static List<String> rowIds(String html) {
        List<String> ids = new ArrayList<>();
        Matcher row = Pattern.compile("<tr data-token-id=\"([^\"]+)\">").matcher(html);
        while (row.find()) {
            ids.add(row.group(1));
        }
        return ids;
    }

    @Test
    void theListIsNewestFirstWhateverOrderTheRegistryGives() {
        List<TokenRecord> tokens = List.of(
                token("t1", "first", "GRA", CREATED),
                token("t3", "third", "GRA", CREATED.plusSeconds(120)),
                token("t2", "second", "GRA", CREATED.plusSeconds(60)));

        assertEquals(List.of("t3", "t2", "t1"), rowIds(render(tokens, null, null, Map.of())));
    }

    @Test
    void aRowShowsTheTokensFieldsAndItsTwoActionsWithTheSessionsCsrfToken() {
        String html = render(List.of(token("t1", "ci reader", "GRA", CREATED)), null, null, Map.of());

        assertTrue(html.contains("<td data-label=\"Name\" class=\"name\">ci reader</td>"), html);
        assertTrue(html.contains("<span class=\"tag\">group=A</span> <span class=\"tag\">tier!=gpu</span>"), html);
        assertTrue(html.contains("<td data-label=\"Role\">Read-only</td>"), html);
        assertTrue(
                html.contains("<time datetime=\"2030-01-31T09:05:42Z\"><span class=\"day\">2030-01-31</span> "
                        + "<span class=\"clock\">09:05:00 UTC</span></time>"),
                html);
        assertTrue(html.contains("<td data-label=\"Expires\">never</td><td data-label=\"Last used\">never</td>"), html);
        assertTrue(
                html.contains("<form method=\"post\" action=\"/ai-app/labelgate/tokens\" class=\"inline confirm\" "
                        + "data-question=\"Delete this token? It stops working.\"><input type=\"hidden\" name=\"csrf\" "
                        + "value=\"csrf-1\"><input type=\"hidden\" name=\"action\" value=\"delete\"><input type=\"hidden\" "
                        + "name=\"id\" value=\"t1\"><button type=\"submit\" class=\"delete\" data-token-id=\"t1\">Delete</button>"
                        + "</form>"),
                html);
        assertTrue(html.contains("class=\"regenerate\" data-token-id=\"t1\">Regenerate</button>"), html);
    }

    @Test
    void aTokenForAllAppsSaysSoInsteadOfSelectors() {
        TokenRecord all =
                new TokenRecord("t1", "all", Selector.empty(), true, Role.OPERATOR, "GRA", 1, CREATED, null, null);

        String html = render(List.of(all), null, null, Map.of());

        assertTrue(html.contains("<td data-label=\"Selectors\" class=\"selectors\"><em>all apps</em></td>"), html);
        assertTrue(html.contains("<td data-label=\"Role\">Operator</td>"), html);
    }

    @Test
    void theBlankFormWaitsHiddenForItsButtonWithReadOnlyChosen() {
        String html = render(List.of(), null, null, Map.of());

        assertTrue(html.contains("data-preview=\"/ai-app/labelgate/preview\" hidden>"), html);
        assertTrue(html.contains("value=\"read\" checked>"), html);
        assertFalse(html.contains("id=\"message\""), html);
        assertFalse(html.contains("id=\"new-token-value\""), html);
    }

    @Test
    void withoutAMaximumLifetimeTheExpiryIsOptionalAndBlank() {
        String html = render(List.of(), null, null, Map.of());

        assertTrue(html.contains("<label for=\"expires-at\">Expires (optional)</label>"), html);
        assertTrue(
                html.contains("<input id=\"expires-at\" name=\"expiresAt\" type=\"date\" value=\"\" max=\"\" >"), html);
    }

    @Test
    void withAMaximumLifetimeTheBlankFormProposesTheLatestDayAndRequiresADateNoLater() {
        TokensPage.ExpiryField field = TokenForm.expiryField(
                new ExpiryRule(false, Optional.of(Duration.ofDays(90))), Instant.parse("2030-01-31T09:05:42Z"));
        String html = TokensPage.render(new TokensPage.Model(BASE, "csrf-1", List.of(), null, null, Map.of(), field))
                .toString();

        assertTrue(html.contains("<label for=\"expires-at\">Expires (at most 90 days)</label>"), html);
        assertTrue(
                html.contains("<input id=\"expires-at\" name=\"expiresAt\" type=\"date\" value=\"2030-04-30\" "
                        + "max=\"2030-04-30\" required>"),
                html);
    }

    @Test
    void theLatestDayProposedEndsWithinTheMaximumLifetimeEvenFromMidnight() {
        ExpiryRule oneDay = new ExpiryRule(false, Optional.of(Duration.ofDays(1)));
        Instant midnight = Instant.parse("2030-01-31T00:00:00Z");
        LocalDate latestDay =
                TokenForm.expiryField(oneDay, midnight).latestDay().orElseThrow();

        assertEquals(LocalDate.parse("2030-01-31"), latestDay);
        assertEquals(
                oneDay.latest(midnight), ConsoleServlet.expiry(latestDay.toString()), "the day's end is the latest");
        assertEquals("1 day", TokenForm.expiryField(oneDay, midnight).maximum());
    }

    @Test
    void whereTheVerifierRequiresAnExpiryTheFieldIsRequiredWithoutALatestDay() {
        TokensPage.ExpiryField field = TokenForm.expiryField(new ExpiryRule(true, Optional.empty()), Instant.EPOCH);

        assertEquals(new TokensPage.ExpiryField(true, Optional.empty(), ""), field);
        assertEquals("Expires", field.label());
    }

    @Test
    void aRefusedFormIsShownAgainWithItsValuesAndTheReason() {
        String html = render(
                List.of(),
                null,
                "region: must not be blank",
                Map.of(
                        "name",
                        "ci",
                        "selector",
                        "group=A",
                        "allApps",
                        "",
                        "role",
                        "operator",
                        "region",
                        "",
                        "expiresAt",
                        "2030-01-31"));

        assertTrue(html.contains("<p id=\"message\" role=\"alert\">region: must not be blank</p>"), html);
        assertTrue(html.contains("data-preview=\"/ai-app/labelgate/preview\" >"), "the form is open: " + html);
        assertTrue(html.contains("value=\"operator\" checked>"), html);
        assertTrue(html.contains("value=\"read\" >"), html);
        assertTrue(html.contains("id=\"name\" name=\"name\" maxlength=\"100\" required value=\"ci\""), html);
        assertTrue(html.contains("type=\"date\" value=\"2030-01-31\""), html);
    }

    @Test
    void aNewTokenIsShownOnceReadOnlyWithTheWarning() {
        TokenRecord token = token("t1", "ci", "GRA", CREATED);

        String html = render(List.of(token), new IssuedToken(token, "lg_secret"), null, Map.of());

        assertTrue(html.contains("<h2>Token for ci</h2>"), html);
        assertTrue(html.contains("<input id=\"new-token-value\" type=\"text\" readonly value=\"lg_secret\""), html);
        assertTrue(html.contains("Copy this token now: it will not be shown again."), html);
    }

    @Test
    void hostileTokenNamesRegionsFormValuesAndReasonsAreShownEscapedAndChangeNoMarkup() {
        String hostile = page(Hostile.TEXT);
        String plain = page(Hostile.PLAIN);

        Hostile.assertShownEscaped(hostile, plain);
        assertTrue(hostile.contains("<td data-label=\"Name\" class=\"name\">" + Hostile.ESCAPED + "</td>"), hostile);
        assertTrue(
                hostile.contains("<input id=\"filter-region\" name=\"region\" value=\"" + Hostile.ESCAPED + "\""),
                "the region filter: " + hostile);
        assertTrue(
                hostile.contains("name=\"unusedSince\" type=\"date\" value=\"" + Hostile.ESCAPED + "\""),
                "the unused-since filter: " + hostile);
        assertTrue(
                hostile.contains("<td data-label=\"Region\" class=\"region\">" + Hostile.ESCAPED + "</td>"), hostile);
        assertTrue(
                hostile.contains("value=\"" + Hostile.ESCAPED + "\" aria-describedby=\"selector-status\""),
                "the selector field: " + hostile);
    }

    /** A page where every text a user or the registry supplies is {@code text}. */
    private static String page(String text) {
        TokenRecord token = token(text, text, text, CREATED);
        return TokensPage.render(new TokensPage.Model(
                        BASE,
                        "csrf-1",
                        List.of(token),
                        new IssuedToken(token, text),
                        "selector: " + text,
                        form(text),
                        TokensPage.ExpiryField.OPTIONAL,
                        new TokensPage.ListView(
                                TokenFilter.ANY,
                                Map.of(
                                        TokenFilter.ROLE,
                                        text,
                                        TokenFilter.REGION,
                                        text,
                                        TokenFilter.EXPIRING_BEFORE,
                                        text,
                                        TokenFilter.UNUSED_SINCE,
                                        text),
                                WARNING,
                                NOW)))
                .toString();
    }

    private static Map<String, String> form(String text) {
        return Map.of("name", text, "selector", text, "allApps", text, "role", text, "region", text, "expiresAt", text);
    }

    @Test
    void everyCellButTheActionsNamesItsColumnForThePhoneLayout() {
        String html = render(List.of(token("t1", "ci", "GRA", CREATED)), null, null, Map.of());

        for (String column : List.of("Name", "Selectors", "Role", "Region", "Created", "Expires", "Last used")) {
            assertTrue(html.contains("<td data-label=\"" + column + "\""), column);
        }
        assertTrue(html.contains("<table id=\"tokens\" class=\"list\">"), html);
    }

    private static TokenRecord expiring(String id, Instant expiresAt, Instant lastUsedAt, Role role, String region) {
        return new TokenRecord(
                id, id, Selector.parse("group=A"), false, role, region, 1, CREATED, expiresAt, lastUsedAt);
    }

    private static String listed(List<TokenRecord> tokens, TokenFilter filter, Map<String, String> filters) {
        return TokensPage.render(new TokensPage.Model(
                        BASE,
                        "csrf-1",
                        tokens,
                        null,
                        null,
                        Map.of(),
                        TokensPage.ExpiryField.OPTIONAL,
                        new TokensPage.ListView(filter, filters, WARNING, NOW)))
                .toString();
    }

    private static String expiresCell(String html, String id) {
        Matcher cell = Pattern.compile("<tr data-token-id=\"" + id + "\">.*?<td data-label=\"Expires\">(.*?)</td>")
                .matcher(html);
        assertTrue(cell.find(), html);
        return cell.group(1);
    }

    @Test
    void aTokenExpiringWithinTheWarningWindowIsMarkedWithTheTimeLeftAndAnExpiredOneAsExpired() {
        String html = listed(
                List.of(
                        expiring("soon", NOW.plus(Duration.ofDays(3)).plusSeconds(60), null, Role.READ, "GRA"),
                        expiring("hours", NOW.plus(Duration.ofHours(5)), null, Role.READ, "GRA"),
                        expiring("edge", NOW.plus(Duration.ofDays(14)), null, Role.READ, "GRA"),
                        expiring("later", NOW.plus(Duration.ofDays(14)).plusSeconds(1), null, Role.READ, "GRA"),
                        expiring("past", NOW.minusSeconds(1), null, Role.READ, "GRA"),
                        expiring("never", null, null, Role.READ, "GRA")),
                TokenFilter.ANY,
                Map.of());

        assertEquals(
                "<time datetime=\"2030-02-04T12:01:00Z\"><span class=\"day\">2030-02-04</span> "
                        + "<span class=\"clock\">12:01:00 UTC</span></time> <span class=\"expiring\">expires in 3 days</span>",
                expiresCell(html, "soon"));
        assertTrue(expiresCell(html, "hours").endsWith(" <span class=\"expiring\">expires in 5 hours</span>"), html);
        assertTrue(expiresCell(html, "edge").endsWith(" <span class=\"expiring\">expires in 14 days</span>"), html);
        assertFalse(expiresCell(html, "later").contains("<span class=\"expir"), html);
        assertTrue(expiresCell(html, "past").endsWith(" <span class=\"expired\">expired</span>"), html);
        assertEquals("never", expiresCell(html, "never"));
    }

    @Test
    void theTimeLeftIsSaidInWholeDaysThenHours() {
        assertEquals("1 day", TokensPage.left(Duration.ofHours(47)));
        assertEquals("2 days", TokensPage.left(Duration.ofHours(48)));
        assertEquals("1 hour", TokensPage.left(Duration.ofMinutes(119)));
        assertEquals("less than an hour", TokensPage.left(Duration.ofMinutes(59)));
    }

    @Test
    void theListShowsOnlyTheTokensTheFilterMatchesAndTheFormShowsTheFilter() {
        TokenFilter operatorsInGra = TokenFilter.parse(Map.of("role", "operator", "region", "GRA")::get);
        String html = listed(
                List.of(
                        expiring("op-gra", null, null, Role.OPERATOR, "GRA"),
                        expiring("read-gra", null, null, Role.READ, "GRA"),
                        expiring("op-bhs", null, null, Role.OPERATOR, "BHS")),
                operatorsInGra,
                Map.of("role", "operator", "region", "GRA"));

        assertEquals(List.of("op-gra"), rowIds(html));
        assertTrue(html.contains("<option value=\"operator\" selected>Operator</option>"), html);
        assertTrue(html.contains("<option value=\"read\" >Read-only</option>"), html);
        assertTrue(html.contains("<input id=\"filter-region\" name=\"region\" value=\"GRA\""), html);
        assertFalse(html.contains("id=\"no-tokens\""), html);
    }

    @Test
    void aFilterMatchingNothingSaysSo() {
        String html = listed(
                List.of(expiring("read-gra", null, null, Role.READ, "GRA")),
                TokenFilter.parse(Map.of("region", "BHS")::get),
                Map.of("region", "BHS"));

        assertEquals(List.of(), rowIds(html));
        assertTrue(html.contains("<p id=\"no-tokens\">No tokens match.</p>"), html);
    }
}
