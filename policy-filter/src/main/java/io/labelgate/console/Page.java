package io.labelgate.console;

/**
 * The frame of every labelgate page: one stylesheet and one script served by labelgate itself (no
 * CDN, no framework), a viewport for phones, and the signed-in bar when there is a session.
 */
final class Page {

    private Page() {
    }

    /**
     * @param base      the console's base path, e.g. {@code /ai-app/labelgate}
     * @param title     the page title (escaped here)
     * @param body      the page's HTML, already escaped
     * @param logoutCsrf the session's CSRF token when signed in, else {@code null}
     */
    static String render(String base, String title, String body, String logoutCsrf) {
        String header = logoutCsrf == null ? "" : """
                <header class="bar">
                  <nav aria-label="labelgate"><a href="%1$s/tokens">Tokens</a> <a href="%1$s/apps">Apps</a></nav>
                  <form method="post" action="%1$s/logout"><input type="hidden" name="csrf" value="%2$s">
                  <button id="logout" type="submit">Log out</button></form>
                </header>
                """.formatted(Html.escape(base), Html.escape(logoutCsrf));
        return """
                <!DOCTYPE html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <meta name="referrer" content="same-origin">
                <title>%s</title>
                <link rel="stylesheet" href="%s/assets/labelgate.css">
                <script src="%s/assets/labelgate.js" defer></script>
                </head>
                <body>
                %s<main>
                %s
                </main>
                </body>
                </html>
                """.formatted(Html.escape(title), Html.escape(base), Html.escape(base), header, body);
    }
}
