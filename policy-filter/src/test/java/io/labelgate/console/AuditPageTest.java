package io.labelgate.console;

import io.labelgate.registry.Actor;
import io.labelgate.registry.AuditAction;
import io.labelgate.registry.AuditEntry;
import io.labelgate.registry.AuditEvent;
import io.labelgate.registry.AuditTrail;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Audit page. */
class AuditPageTest {

    private static final String BASE = "/ai-app/labelgate";
    private static final Instant AT = Instant.parse("2026-12-01T09:05:42.123Z");

    private static AuditEntry entry(long id, Actor actor, AuditAction action, String target, String detail) {
        return new AuditEntry(
                id,
                AT,
                new AuditEvent(actor, action, target, Optional.ofNullable(detail)),
                AuditEntry.Outcome.of(action));
    }

    private static String render(Map<String, String> filters, List<AuditEntry> entries, OptionalLong next) {
        return AuditPage.render(
                        new AuditPage.Model(BASE, "csrf-1", filters, new AuditTrail.Page(entries, next), "400 days"))
                .toString();
    }

    @Test
    void showsEachEntryWithItsActorActionTargetOutcomeAndSource() {
        String html = render(
                Map.of(),
                List.of(
                        entry(7, Actor.administrator("alice", "10.0.0.7"), AuditAction.TOKEN_DELETED, "0b6c", null),
                        entry(6, Actor.unknown("10.0.0.9"), AuditAction.ADMIN_REFUSED, "admin API", null)),
                OptionalLong.empty());

        assertTrue(
                html.contains("<tr data-audit-id=\"7\"><td data-label=\"Time\"><time datetime=\"" + AT + "\">"), html);
        assertTrue(
                html.contains("<td data-label=\"Actor\" class=\"actor\">alice <span class=\"hint\">administrator</span>"
                        + "</td><td data-label=\"Action\" class=\"action\">token.deleted</td><td data-label=\"Target\" "
                        + "class=\"target\">0b6c</td><td data-label=\"Outcome\"><span class=\"outcome succeeded\">"
                        + "succeeded</span></td><td data-label=\"Source\" class=\"source\">10.0.0.7</td>"),
                html);
        assertTrue(html.contains("<span class=\"outcome refused\">refused</span>"), html);
        assertFalse(html.contains("id=\"older\""), html);
        assertFalse(html.contains("id=\"no-entries\""), html);
        assertTrue(html.contains("<a href=\"" + BASE + "/audit\">Audit</a>"), html);
    }

    @Test
    void linksToOlderEntriesWithTheSameFilters() {
        String html = render(
                Map.of("action", "token.deleted", "actor", "bob smith", "since", "", "before", "99"),
                List.of(entry(42, Actor.adminSecret("10.0.0.7"), AuditAction.TOKEN_DELETED, "0b6c", null)),
                OptionalLong.of(42));

        assertTrue(
                html.contains("<a id=\"older\" href=\"" + BASE
                        + "/audit?actor=bob+smith&amp;action=token.deleted&amp;before=42\">Older entries</a>"),
                html);
        assertTrue(html.contains("<option value=\"token.deleted\" selected>token.deleted</option>"), html);
        assertTrue(html.contains("<input id=\"actor\" name=\"actor\" value=\"bob smith\""), html);
    }

    @Test
    void saysSoWhenNoEntryMatches() {
        String html = render(Map.of(), List.of(), OptionalLong.empty());

        assertTrue(html.contains("<p id=\"no-entries\">No entries match.</p>"), html);
    }

    @Test
    void hostileActorsTargetsDetailsAndFiltersAreShownEscapedAndChangeNoMarkup() {
        Hostile.assertShownEscaped(hostile(Hostile.TEXT), hostile(Hostile.PLAIN));
    }

    private static String hostile(String text) {
        return render(
                Map.of("actor", text, "target", text, "since", text),
                List.of(entry(1, Actor.administrator(text, "10.0.0.1"), AuditAction.TOKEN_CREATED, text, text)),
                OptionalLong.empty());
    }
}
