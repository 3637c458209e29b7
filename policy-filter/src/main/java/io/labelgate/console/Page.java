package io.labelgate.console;

import io.labelgate.console.Template.Markup;

import java.util.Map;

/**
 * The frame of every labelgate page: two stylesheets and one script served by labelgate itself
 * (no CDN, no framework), a viewport for phones, and the signed-in bar when there is a session.
 */
final class Page {

    private static final Template BAR = Template.of("""
            <header class="bar">
              {{{who}}}<nav aria-label="labelgate"><a href="{{base}}/tokens">Tokens</a> <a href="{{base}}/apps">Apps</a> <a href="{{base}}/audit">Audit</a></nav>
              <form method="post" action="{{base}}/logout"><input type="hidden" name="csrf" value="{{csrf}}">
              <button id="logout" type="submit">Log out</button></form>
            </header>
            """);
    private static final Template WHO = Template.of("<p id=\"signed-in\" class=\"hint\">Signed in as {{who}}</p>\n");
    private static final Template FRAME = Template.of("""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="referrer" content="same-origin">
            <title>{{title}}</title>
            <link rel="stylesheet" href="{{base}}/assets/labelgate.css">
            <script src="{{base}}/assets/labelgate.js" defer></script>
            </head>
            <body>
            {{{bar}}}<main>
            {{{body}}}
            </main>
            </body>
            </html>
            """);

    private Page() {}

    /**
     * @param base       the console's base path, e.g. {@code /ai-app/labelgate}
     * @param title      the page title, as text
     * @param body       the page's content
     * @param logoutCsrf the session's CSRF token when signed in, else {@code null}
     */
    static Markup render(String base, String title, Markup body, String logoutCsrf) {
        return render(base, title, body, logoutCsrf, null);
    }

    /**
     * A page of an admin session, which says who is signed in.
     *
     * @param signedInAs the administrator's name, or how the session was opened ({@code the admin
     *                   secret}); {@code null} to say nothing
     */
    static Markup render(String base, String title, Markup body, String logoutCsrf, String signedInAs) {
        Markup who = signedInAs == null ? Markup.EMPTY : WHO.render(Map.of("who", signedInAs));
        Markup bar =
                logoutCsrf == null ? Markup.EMPTY : BAR.render(Map.of("base", base, "csrf", logoutCsrf, "who", who));
        return FRAME.render(Map.of("title", title, "base", base, "bar", bar, "body", body));
    }
}
