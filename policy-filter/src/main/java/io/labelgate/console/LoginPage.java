package io.labelgate.console;

import io.labelgate.console.Template.Markup;
import io.labelgate.registry.BrowserSession;

import java.util.Map;
import java.util.Objects;

/** "Login with token": the token form, a message, and Log out for a browser already signed in. */
final class LoginPage {

    private static final Template MESSAGE = Template.of("<p id=\"message\" role=\"alert\">{{message}}</p>");
    private static final Template SIGNED_IN = Template.of("""
            <p id="signed-in">You are logged in {{who}}.</p>
            <form method="post" action="{{base}}/logout"><input type="hidden" name="csrf" value="{{csrf}}">
            <button id="logout" type="submit">Log out</button></form>
            """);
    private static final Template BODY = Template.of("""
            <section class="card login">
            <h1>Login with token</h1>
            <p>This application is protected by labelgate. Log in with a token that has access to it.</p>
            {{{message}}}{{{signedIn}}}
            <button id="show-token-login" type="button" class="primary" aria-controls="token-form" aria-expanded="false">Login with token</button>
            <form id="token-form" method="post" action="{{base}}/login" hidden>
              <input type="hidden" name="csrf" value="{{csrf}}">
              <input type="hidden" name="next" value="{{next}}">
              <label for="token">Token</label>
              <input id="token" name="token" type="password" autocomplete="off" spellcheck="false" required>
              <button id="connect" type="submit" class="primary">Connect</button>
            </form>
            </section>
            """);

    /**
     * @param base    the console's base path
     * @param appName the protected application's name, for the title
     * @param csrf    the login form's CSRF token (also sent as a cookie)
     * @param next    where the form goes after login, already checked
     * @param message a sentence for {@code #message}, or {@code null}
     * @param session the browser's current session, or {@code null}
     */
    record Model(String base, String appName, String csrf, String next, String message, BrowserSession session) {
        Model {
            Objects.requireNonNull(base, "base");
            Objects.requireNonNull(appName, "appName");
            Objects.requireNonNull(csrf, "csrf");
            Objects.requireNonNull(next, "next");
        }
    }

    private LoginPage() {}

    static Markup render(Model model) {
        Markup signedIn = model.session() == null
                ? Markup.EMPTY
                : SIGNED_IN.render(Map.of(
                        "who",
                        model.session().admin()
                                ? "as administrator"
                                : "with token " + model.session().tokenId(),
                        "base",
                        model.base(),
                        "csrf",
                        model.session().csrf()));
        Markup message = model.message() == null ? Markup.EMPTY : MESSAGE.render(Map.of("message", model.message()));
        Markup body = BODY.render(Map.of(
                "message",
                message,
                "signedIn",
                signedIn,
                "base",
                model.base(),
                "csrf",
                model.csrf(),
                "next",
                model.next()));
        return Page.render(model.base(), "Login with token - " + model.appName(), body, null);
    }
}
