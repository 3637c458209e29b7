package io.labelgate.console;

/**
 * How the Tokens and Apps lists ({@code table.list}) fit the screen, served as
 * {@code /assets/lists.css} after labelgate.css (whose rules it refines), until the two are merged.
 *
 * <p>From 1280 px down to a tablet, a list is a table with no sideways scrolling: long names,
 * selectors and labels wrap anywhere, a time wraps between its day and its clock, and only the
 * Regenerate and Delete buttons keep to one line. On a phone (40rem and narrower) each row is a
 * card, every cell under the column's name, which the cell carries in {@code data-label}.
 */
final class ListStyles {

    static final String CSS = """
            /* labelgate's lists: a table that fits a laptop's screen, one card per row on a phone. */
            main { max-width: 84rem; }
            table.list { font-size: .9rem; }
            table.list th, table.list td { padding: .45rem .5rem; }
            table.list td.name, table.list td.selectors, table.list td.labels, table.list td.url { overflow-wrap: anywhere; }
            table.list td.name { min-width: 8rem; }
            table.list td.name a { white-space: normal; }
            table.list .tag { white-space: normal; overflow-wrap: anywhere; }
            table.list time { white-space: normal; }
            table.list .day, table.list .clock { white-space: nowrap; }
            table.list td.actions, table.list td[data-label="Role"] { white-space: nowrap; }
            table.list td.actions button { padding: .3rem .6rem; }
            table.list td.actions form + form { margin-left: .3rem; }
            @media (max-width: 40rem) {
              .scroll { overflow-x: visible; }
              table.list, table.list tbody, table.list tr, table.list td { display: block; width: 100%; }
              table.list { border: 0; background: none; font-size: 1rem; }
              table.list thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
              table.list tr { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: .5rem .75rem; margin: 0 0 .75rem; }
              table.list td { position: relative; min-width: 0; border: 0; padding: .2rem 0 .2rem 7rem; overflow-wrap: anywhere; }
              table.list td::before { content: attr(data-label); position: absolute; left: 0; width: 6.5rem; font-weight: 600; font-size: .85rem; color: var(--muted); }
              table.list td.actions { padding: .5rem 0 0; white-space: normal; }
              table.list td.actions::before { content: none; }
            }
            """;

    private ListStyles() {
    }
}
