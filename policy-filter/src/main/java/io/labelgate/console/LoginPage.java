package io.labelgate.console;

import io.labelgate.console.Template.Markup;
import io.labelgate.registry.BrowserSession;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
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
            {{{containerLogin}}}</section>
            """);
    private static final Template CONTAINER_LOGIN = Template.of("""
            <p class="hint"><a id="admin-login" href="{{base}}/admin-login?next={{next}}">Administrators: sign in with your account</a></p>
            """);

    /**
     * @param base    the console's base path
     * @param appName the protected application's name, for the title
     * @param csrf    the login form's CSRF token (also sent as a cookie)
     * @param next    where the form goes after login, already checked
     * @param message a sentence for {@code #message}, or {@code null}
     * @param session the browser's current session, or {@code null}
     * @param containerLogin whether administrators may sign in with the container's login
     *                ({@code labelgate.admin.container-login}): the page links to it
     */
    record Model(
            String base,
            String appName,
            String csrf,
            String next,
            String message,
            BrowserSession session,
            boolean containerLogin) {
        Model {
            Objects.requireNonNull(base, "base");
            Objects.requireNonNull(appName, "appName");
            Objects.requireNonNull(csrf, "csrf");
            Objects.requireNonNull(next, "next");
        }

        /** A page without the administrators' container login. */
        Model(String base, String appName, String csrf, String next, String message, BrowserSession session) {
            this(base, appName, csrf, next, message, session, false);
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
                                        + model.session()
                                                .administrator()
                                                .map(name -> " " + name)
                                                .orElse("")
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
                model.next(),
                "containerLogin",
                model.containerLogin()
                        ? CONTAINER_LOGIN.render(Map.of(
                                "base", model.base(), "next", URLEncoder.encode(model.next(), StandardCharsets.UTF_8)))
                        : Markup.EMPTY));
        return Page.render(model.base(), "Login with token - " + model.appName(), body, null);
    }
}
