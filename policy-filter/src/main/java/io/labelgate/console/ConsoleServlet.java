package io.labelgate.console;

import io.labelgate.decision.Action;
import io.labelgate.decision.Decision;
import io.labelgate.decision.DecisionEngine;
import io.labelgate.decision.DecisionException;
import io.labelgate.decision.DecisionInput;
import io.labelgate.http.Problem;
import io.labelgate.http.RefusalWriter;
import io.labelgate.http.SameOrigin;
import io.labelgate.http.ServletRequestView;
import io.labelgate.registry.AppRecord;
import io.labelgate.registry.AppRegistry;
import io.labelgate.registry.BrowserSession;
import io.labelgate.registry.IssuedToken;
import io.labelgate.registry.NewToken;
import io.labelgate.registry.RegistryUnavailableException;
import io.labelgate.registry.TokenRecord;
import io.labelgate.registry.TokenService;
import io.labelgate.registry.TokenValidationException;
import io.labelgate.selector.Selector;
import io.labelgate.selector.SelectorSyntaxException;
import io.labelgate.token.Role;
import io.labelgate.token.TokenClaims;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * labelgate's browser pages under {@code labelgate.console.path} (default {@code /labelgate}):
 * "Login with token" ({@code /login}, {@code /logout}), the Tokens page ({@code /tokens}), the
 * Apps page ({@code /apps}, {@code /apps/<id>}), the selector preview ({@code /preview}) and the
 * pages' own assets ({@code /assets/...}), and {@code /session}: the signed-in browser's CSRF
 * token as JSON, for the application's own scripts to send in {@code X-CSRF-Token} with
 * state-changing calls (readable by same-origin pages only: labelgate sends no CORS headers).
 * Every form carries a CSRF token; every page is sent with a strict Content-Security-Policy and
 * {@code no-store}. The Tokens and Apps pages need a session opened with the admin credential.
 */
public final class ConsoleServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(ConsoleServlet.class.getName());
    private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
            + "frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    private final transient BrowserSessions sessions;
    private final transient TokenService tokens;
    private final transient AppRegistry apps;
    private final transient DecisionEngine engine;
    private final String appName;

    public ConsoleServlet(BrowserSessions sessions, TokenService tokens, AppRegistry apps, DecisionEngine engine,
                          String appName) {
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.apps = Objects.requireNonNull(apps, "apps");
        this.engine = Objects.requireNonNull(engine, "engine");
        this.appName = Objects.requireNonNull(appName, "appName");
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo() == null ? "/" : request.getPathInfo();
        String method = request.getMethod();
        try {
            if (path.startsWith("/assets/") && method.equals("GET")) {
                asset(request, path.substring("/assets/".length()), response);
            } else if (path.equals("/login")) {
                if (method.equals("POST")) {
                    loginSubmit(request, response);
                } else {
                    loginPage(request, response, request.getParameter("next"), message(request.getParameter("reason")), 200);
                }
            } else if (path.equals("/logout") && method.equals("POST")) {
                logout(request, response);
            } else if (path.equals("/tokens")) {
                tokens(request, response);
            } else if (path.equals("/session") && method.equals("GET")) {
                session(request, response);
            } else if (path.equals("/preview") && method.equals("GET")) {
                preview(request, response);
            } else if (path.equals("/apps") && method.equals("GET")) {
                appsPage(request, response);
            } else if (path.startsWith("/apps/") && method.equals("GET")) {
                appPage(request, response, path.substring("/apps/".length()));
            } else {
                error(request, response, 404, "Not found", "There is no such page.");
            }
        } catch (RegistryUnavailableException e) {
            LOG.warning("labelgate: console cannot reach the registry: " + e.getMessage());
            error(request, response, 503, "Unavailable", "The token registry is unavailable. Try again in a moment.");
        } catch (RuntimeException e) {
            // never the container's error page with a stack trace: the trace goes to the log only
            LOG.log(Level.SEVERE, "labelgate: console failed on " + method + " " + path, e);
            error(request, response, 500, "Something went wrong", "The page failed. The server log has the details.");
        }
    }

    // ---- login and logout

    /** The signed-in session's CSRF token, for scripts of this site; 401 without a session. */
    private void session(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<BrowserSession> session = sessions.session(new ServletRequestView(request));
        if (session.isEmpty()) {
            RefusalWriter.write(Problem.of(401, "not signed in"), response);
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("csrfHeader", BrowserSessions.CSRF_HEADER);
        body.put("csrfToken", session.get().csrf());
        body.put("admin", session.get().admin());
        body.put("expiresAt", session.get().expiresAt().toString());
        Responses.json(response, 200, body);
    }

    /** The reason codes the filter sends browsers back with; never free text from the URL. */
    static String message(String reason) {
        if (reason == null) {
            return null;
        }
        return switch (reason) {
            case "invalid" -> "Your token is no longer valid: it expired, or was regenerated or deleted. "
                    + "Paste a current token.";
            case "session" -> "Your session ended. Log in again.";
            case "next" -> "That address leads outside this application, so it was ignored.";
            default -> null;
        };
    }

    private String base(HttpServletRequest request) {
        return request.getContextPath() + request.getServletPath();
    }

    /** A redirect target is honoured only as a same-origin absolute path. */
    static Optional<String> safeNext(String next) {
        if (next == null || next.isEmpty() || next.length() > 2048 || !next.startsWith("/") || next.startsWith("//")
                || next.contains("\\") || next.chars().anyMatch(c -> c < 0x21 || c == 0x7f)) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(next);
            return uri.getScheme() == null && uri.getRawAuthority() == null ? Optional.of(next) : Optional.empty();
        } catch (java.net.URISyntaxException e) {
            return Optional.empty();
        }
    }

    private void loginPage(HttpServletRequest request, HttpServletResponse response, String next, String message,
                           int status) throws IOException {
        String csrf = BrowserSessions.random();
        String shownNext = safeNext(next).orElse(request.getContextPath() + "/");
        if (next != null && safeNext(next).isEmpty() && message == null) {
            message = message("next");
        }
        response.addHeader("Set-Cookie", Cookies.set(Cookies.CSRF, csrf, request.isSecure()));
        Optional<BrowserSession> current = sessions.session(new ServletRequestView(request));
        String signedIn = current.map(session -> """
                <p id="signed-in">You are logged in %s.</p>
                <form method="post" action="%s/logout"><input type="hidden" name="csrf" value="%s">
                <button id="logout" type="submit">Log out</button></form>
                """.formatted(session.admin() ? "as administrator" : "with token " + Html.escape(session.tokenId()),
                Html.escape(base(request)), Html.escape(session.csrf()))).orElse("");
        String body = """
                <section class="card login">
                <h1>Login with token</h1>
                <p>This application is protected by labelgate. Log in with a token that has access to it.</p>
                %s%s
                <button id="show-token-login" type="button" class="primary" aria-controls="token-form" aria-expanded="false">Login with token</button>
                <form id="token-form" method="post" action="%s/login" hidden>
                  <input type="hidden" name="csrf" value="%s">
                  <input type="hidden" name="next" value="%s">
                  <label for="token">Token</label>
                  <input id="token" name="token" type="password" autocomplete="off" spellcheck="false" required>
                  <button id="connect" type="submit" class="primary">Connect</button>
                </form>
                </section>
                """.formatted(message == null ? "" : "<p id=\"message\" role=\"alert\">" + Html.escape(message) + "</p>",
                signedIn, Html.escape(base(request)), Html.escape(csrf), Html.escape(shownNext));
        html(response, status, Page.render(base(request), "Login with token - " + appName, body, null));
    }

    private void loginSubmit(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ServletRequestView view = new ServletRequestView(request);
        Optional<String> cookie = Cookies.read(view, Cookies.CSRF);
        if (cookie.isEmpty() || !BrowserSessions.sameSecret(cookie.get(), request.getParameter("csrf"))
                || !sameOrigin(request)) {
            error(request, response, 403, "Form expired", "This form was not sent by this page. Reload the page and try again.");
            return;
        }
        String next = request.getParameter("next");
        BrowserSessions.Login login = sessions.login(request.getParameter("token"), request.getRemoteAddr());
        if (login instanceof BrowserSessions.Login.Refused refused) {
            if (refused.failure() == BrowserSessions.Failure.THROTTLED) {
                sessions.retryAfter(request.getRemoteAddr()).ifPresent(wait ->
                        response.setHeader("Retry-After", FailureThrottle.retryAfterSeconds(wait)));
                loginPage(request, response, next, "Too many failed attempts from your address. Try again later.", 429);
            } else {
                loginPage(request, response, next, "That token is not valid for this application. Check that you "
                        + "pasted all of it, and that it was not regenerated or deleted.", 200);
            }
            return;
        }
        BrowserSessions.Opened opened = ((BrowserSessions.Login.Success) login).opened();
        sessions.logout(view);
        LOG.info(() -> "labelgate: browser login with " + (opened.session().admin() ? "the admin credential"
                : "token " + opened.session().tokenId()));
        response.addHeader("Set-Cookie", Cookies.set(Cookies.SESSION, opened.sessionId(), request.isSecure()));
        response.addHeader("Set-Cookie", Cookies.clear(Cookies.CSRF, request.isSecure()));
        String fallback = opened.session().admin() ? base(request) + "/tokens" : request.getContextPath() + "/";
        Responses.redirect(response, safeNext(next).orElse(fallback));
    }

    private void logout(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<BrowserSession> session = sessions.session(new ServletRequestView(request));
        if (session.isPresent() && (!BrowserSessions.sameSecret(session.get().csrf(), request.getParameter("csrf"))
                || !sameOrigin(request))) {
            error(request, response, 403, "Form expired", "This form was not sent by this page. Reload the page and try again.");
            return;
        }
        sessions.logout(new ServletRequestView(request));
        response.addHeader("Set-Cookie", Cookies.clear(Cookies.SESSION, request.isSecure()));
        Responses.redirect(response, base(request) + "/login");
    }

    /** Rejects a cross-site POST when the browser says where it came from ({@link SameOrigin}). */
    static boolean sameOrigin(HttpServletRequest request) {
        return SameOrigin.test(new ServletRequestView(request));
    }

    /** The admin session, or a redirect to the login page. */
    private Optional<BrowserSession> admin(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<BrowserSession> session = sessions.session(new ServletRequestView(request));
        if (session.isPresent() && session.get().admin()) {
            return session;
        }
        if (session.isPresent()) {
            error(request, response, 403, "Administrators only",
                    "This page needs a session opened with the admin credential, not an app token.");
        } else {
            String here = request.getRequestURI() + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
            Responses.redirect(response, base(request) + "/login?next=" + URLEncoder.encode(here, StandardCharsets.UTF_8));
        }
        return Optional.empty();
    }

    // ---- Tokens page

    private void tokens(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<BrowserSession> admin = admin(request, response);
        if (admin.isEmpty()) {
            return;
        }
        if (request.getMethod().equals("GET")) {
            tokensPage(request, response, admin.get(), null, null, null, 200);
            return;
        }
        if (!request.getMethod().equals("POST")) {
            error(request, response, 405, "Not allowed", "Use the page's forms.");
            return;
        }
        if (!BrowserSessions.sameSecret(admin.get().csrf(), request.getParameter("csrf")) || !sameOrigin(request)) {
            error(request, response, 403, "Form expired", "This form was not sent by this page. Reload the page and try again.");
            return;
        }
        String action = Objects.requireNonNullElse(request.getParameter("action"), "");
        String id = request.getParameter("id");
        switch (action) {
            case "create" -> {
                try {
                    IssuedToken issued = tokens.create(new NewToken(request.getParameter("name"),
                            request.getParameter("selector"), "on".equals(request.getParameter("allApps")),
                            request.getParameter("role"), request.getParameter("region"),
                            expiry(request.getParameter("expiresAt"))));
                    tokensPage(request, response, admin.get(), issued, null, null, 201);
                } catch (TokenValidationException e) {
                    tokensPage(request, response, admin.get(), null, e, formValues(request), 400);
                }
            }
            case "regenerate" -> {
                Optional<IssuedToken> issued = id == null ? Optional.empty() : tokens.regenerate(id);
                if (issued.isEmpty()) {
                    error(request, response, 404, "No such token", "That token no longer exists.");
                } else {
                    tokensPage(request, response, admin.get(), issued.get(), null, null, 200);
                }
            }
            case "delete" -> {
                if (id != null) {
                    tokens.delete(id);
                }
                Responses.redirect(response, base(request) + "/tokens");
            }
            default -> error(request, response, 400, "Unknown action", "Use the page's forms.");
        }
    }

    /** The form's date means the end of that day, UTC; the last day accepted is 9999-12-31. */
    static Instant expiry(String date) {
        if (date == null || date.isBlank()) {
            return null;
        }
        LocalDate day;
        try {
            day = LocalDate.parse(date.strip());
        } catch (DateTimeException e) {
            throw new TokenValidationException("expiresAt", "must be a date such as 2030-01-31");
        }
        LocalDate lastDay = LocalDate.ofInstant(TokenService.LATEST_EXPIRY, ZoneOffset.UTC);
        if (day.isAfter(lastDay)) {
            throw new TokenValidationException("expiresAt", "must be no later than " + lastDay);
        }
        return day.equals(lastDay) ? TokenService.LATEST_EXPIRY
                : day.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    }

    private static Map<String, String> formValues(HttpServletRequest request) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String field : List.of("name", "selector", "allApps", "role", "region", "expiresAt")) {
            values.put(field, Objects.requireNonNullElse(request.getParameter(field), ""));
        }
        return values;
    }

    private void tokensPage(HttpServletRequest request, HttpServletResponse response, BrowserSession admin,
                            IssuedToken issued, TokenValidationException invalid, Map<String, String> values,
                            int status) throws IOException {
        String base = Html.escape(base(request));
        String csrf = Html.escape(admin.csrf());
        StringBuilder rows = new StringBuilder();
        for (TokenRecord token : tokens.list()) {
            String id = Html.escape(token.id());
            rows.append("<tr data-token-id=\"").append(id).append("\">")
                    .append("<td>").append(Html.escape(token.name())).append("</td>")
                    .append("<td>").append(token.allApps() ? "<em>all apps</em>" : tags(token.selector().toString())).append("</td>")
                    .append("<td>").append(token.role() == Role.OPERATOR ? "Operator" : "Read-only").append("</td>")
                    .append("<td>").append(Html.escape(token.region())).append("</td>")
                    .append("<td>").append(date(token.createdAt())).append("</td>")
                    .append("<td>").append(token.expiresAt() == null ? "never" : date(token.expiresAt())).append("</td>")
                    .append("<td>").append(token.lastUsedAt() == null ? "never" : date(token.lastUsedAt())).append("</td>")
                    .append("<td class=\"actions\">")
                    .append(actionForm(base, csrf, "regenerate", id, "Regenerate",
                            "Regenerate this token? The current string stops working."))
                    .append(actionForm(base, csrf, "delete", id, "Delete", "Delete this token? It stops working."))
                    .append("</td></tr>\n");
        }
        String shown = issued == null ? "" : """
                <section class="card issued" aria-live="polite">
                  <h2>Token for %s</h2>
                  <p id="token-warning" class="warning">Copy this token now: it will not be shown again.</p>
                  <div class="copy"><input id="new-token-value" type="text" readonly value="%s" aria-label="New token">
                  <button id="copy-token" type="button">Copy</button></div>
                </section>
                """.formatted(Html.escape(issued.token().name()), Html.escape(issued.tokenString()));
        Map<String, String> form = values == null ? Map.of() : values;
        String error = invalid == null ? "" : "<p id=\"message\" role=\"alert\">" + Html.escape(invalid.field() + ": "
                + invalid.reason()) + "</p>";
        String body = """
                <h1>Tokens</h1>
                %s
                <button id="new-token" type="button" class="primary" aria-controls="new-token-form" aria-expanded="false">New token</button>
                <form id="new-token-form" class="card" method="post" action="%s/tokens" data-preview="%s/preview" %s>
                  %s
                  <input type="hidden" name="csrf" value="%s"><input type="hidden" name="action" value="create">
                  <label for="name">Name</label>
                  <input id="name" name="name" maxlength="100" required value="%s">
                  <label for="selector">Label selectors</label>
                  <input id="selector" name="selector" spellcheck="false" placeholder="group=A, tier!=gpu" value="%s" aria-describedby="selector-status">
                  <p id="selector-status" class="hint" aria-live="polite">Kubernetes syntax: key=value, key!=value, key in (a,b), key notin (a), key, !key.</p>
                  <label class="inline"><input id="all-apps" name="allApps" type="checkbox" %s> All apps (no selectors)</label>
                  <fieldset><legend>Role</legend>
                    <label class="inline"><input id="role-read" type="radio" name="role" value="read" %s> Read-only</label>
                    <label class="inline"><input id="role-operator" type="radio" name="role" value="operator" %s> Operator</label>
                  </fieldset>
                  <label for="region">Region</label>
                  <input id="region" name="region" required value="%s" placeholder="GRA">
                  <label for="expires-at">Expires (optional)</label>
                  <input id="expires-at" name="expiresAt" type="date" value="%s">
                  <h2 class="small">Apps these selectors match</h2>
                  <ul id="matching-apps" aria-live="polite"></ul>
                  <button id="generate" type="submit" class="primary">Generate</button>
                </form>
                %s
                <div class="scroll"><table id="tokens">
                <thead><tr><th scope="col">Name</th><th scope="col">Selectors</th><th scope="col">Role</th><th scope="col">Region</th><th scope="col">Created</th><th scope="col">Expires</th><th scope="col">Last used</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
                <tbody>
                %s</tbody></table></div>
                <dialog id="confirm"><form method="dialog"><p id="confirm-text"></p>
                <button id="confirm-no" value="no">Cancel</button> <button id="confirm-yes" value="yes" class="danger">Confirm</button></form></dialog>
                """.formatted(error, base, base, invalid == null ? "hidden" : "", "", csrf,
                Html.escape(form.getOrDefault("name", "")), Html.escape(form.getOrDefault("selector", "")),
                "on".equals(form.get("allApps")) ? "checked" : "",
                "operator".equals(form.get("role")) ? "" : "checked", "operator".equals(form.get("role")) ? "checked" : "",
                Html.escape(form.getOrDefault("region", "")), Html.escape(form.getOrDefault("expiresAt", "")),
                shown, rows);
        html(response, status, Page.render(base(request), "Tokens - labelgate", body, admin.csrf()));
    }

    private static String actionForm(String base, String csrf, String action, String id, String label, String question) {
        return "<form method=\"post\" action=\"" + base + "/tokens\" class=\"inline confirm\" data-question=\""
                + Html.escape(question) + "\"><input type=\"hidden\" name=\"csrf\" value=\"" + csrf + "\">"
                + "<input type=\"hidden\" name=\"action\" value=\"" + action + "\"><input type=\"hidden\" name=\"id\" value=\""
                + id + "\"><button type=\"submit\" class=\"" + action + "\" data-token-id=\"" + id + "\">" + label
                + "</button></form>";
    }

    private static String tags(String selector) {
        StringBuilder out = new StringBuilder();
        for (String part : Selector.parse(selector).requirements().stream().map(Object::toString).toList()) {
            out.append("<span class=\"tag\">").append(Html.escape(part)).append("</span> ");
        }
        return out.toString();
    }

    private static String date(Instant instant) {
        String text = instant.truncatedTo(java.time.temporal.ChronoUnit.MINUTES).toString();
        return "<time datetime=\"" + Html.escape(instant.toString()) + "\">" + Html.escape(text.replace('T', ' ')
                .replace("Z", " UTC")) + "</time>";
    }

    // ---- preview: which registered apps would a token match? The engine decides, not Java.

    private void preview(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (admin(request, response).isEmpty()) {
            return;
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        String text = Objects.requireNonNullElse(request.getParameter("selector"), "");
        boolean allApps = "true".equals(request.getParameter("allApps"));
        String region = Objects.requireNonNullElse(request.getParameter("region"), "").strip();
        Role role = Role.fromWireName(request.getParameter("role")).orElse(Role.READ);
        Selector selector;
        try {
            selector = Selector.parse(text);
        } catch (SelectorSyntaxException e) {
            answer.put("valid", false);
            answer.put("message", e.getMessage());
            answer.put("apps", List.of());
            Responses.json(response, 200, answer);
            return;
        }
        answer.put("valid", true);
        answer.put("message", selector.isEmpty() && !allApps ? "valid, but a token without selectors matches no app"
                : "valid selector");
        List<Map<String, String>> matching = new ArrayList<>();
        for (AppRecord app : apps.apps()) {
            if (AppRecord.RUNNING.equals(app.status()) && matches(app, selector, allApps, role, region)) {
                matching.add(Map.of("id", app.id().toString(), "name", app.name(), "region", app.region()));
            }
        }
        answer.put("apps", matching);
        Responses.json(response, 200, answer);
    }

    private boolean matches(AppRecord app, Selector selector, boolean allApps, Role role, String region) {
        if (allApps && !selector.isEmpty()) {
            return false;
        }
        try {
            TokenClaims claims = new TokenClaims("preview", 1, role, region.isEmpty() ? app.region() : region,
                    selector, allApps, Instant.EPOCH, null);
            DecisionInput input = DecisionInput.of(claims,
                    new DecisionInput.AppInput(app.id().toString(), app.region(), app.labels()),
                    DecisionInput.RequestInput.of("GET", "/", Action.READ));
            Decision decision = engine.decide(input);
            return decision.allow();
        } catch (IllegalArgumentException | DecisionException e) {
            return false;
        }
    }

    // ---- Apps page

    private void appsPage(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<BrowserSession> admin = admin(request, response);
        if (admin.isEmpty()) {
            return;
        }
        String base = Html.escape(base(request));
        StringBuilder rows = new StringBuilder();
        for (AppRecord app : apps.apps()) {
            if ("deleted".equals(app.status())) {
                continue;
            }
            String id = Html.escape(app.id().toString());
            rows.append("<tr data-app-id=\"").append(id).append("\"><td><a href=\"").append(base).append("/apps/")
                    .append(id).append("\">").append(Html.escape(app.name())).append("</a></td><td>")
                    .append(labelTags(app.labels())).append("</td><td>").append(Html.escape(app.region()))
                    .append("</td><td><span class=\"status ").append(Html.escape(app.status())).append("\">")
                    .append(Html.escape(app.status())).append("</span></td><td>").append(accessUrl(request, app))
                    .append("</td></tr>\n");
        }
        String body = """
                <h1>Apps</h1>
                <div class="scroll"><table id="apps">
                <thead><tr><th scope="col">Name</th><th scope="col">Labels</th><th scope="col">Region</th><th scope="col">Status</th><th scope="col">Access URL</th></tr></thead>
                <tbody>
                %s</tbody></table></div>
                """.formatted(rows);
        html(response, 200, Page.render(base(request), "Apps - labelgate", body, admin.get().csrf()));
    }

    private void appPage(HttpServletRequest request, HttpServletResponse response, String id) throws IOException {
        Optional<BrowserSession> admin = admin(request, response);
        if (admin.isEmpty()) {
            return;
        }
        Optional<AppRecord> app;
        try {
            app = apps.findApp(UUID.fromString(id));
        } catch (IllegalArgumentException e) {
            app = Optional.empty();
        }
        if (app.isEmpty()) {
            error(request, response, 404, "No such app", "There is no app with that id.");
            return;
        }
        AppRecord shown = app.get();
        String body = """
                <h1>%s</h1>
                <section class="card">
                <dl>
                  <dt>Access URL</dt><dd>%s</dd>
                  <dt>Id</dt><dd><code>%s</code></dd>
                  <dt>Region</dt><dd>%s</dd>
                  <dt>Status</dt><dd><span class="status %s">%s</span></dd>
                  <dt>Tags</dt><dd>%s</dd>
                  <dt>Registered</dt><dd>%s</dd>
                </dl>
                <p class="hint">Scope a token to exactly this app with the selector <code>%s</code>.</p>
                </section>
                """.formatted(Html.escape(shown.name()), accessUrl(request, shown), Html.escape(shown.id().toString()),
                Html.escape(shown.region()), Html.escape(shown.status()), Html.escape(shown.status()),
                labelTags(shown.labels()), date(shown.registeredAt()),
                Html.escape(shown.labels().keySet().stream().filter(key -> key.endsWith("/id")).findFirst()
                        .orElse("labelgate/id") + "=" + shown.id()));
        html(response, 200, Page.render(base(request), shown.name() + " - labelgate", body, admin.get().csrf()));
    }

    private String accessUrl(HttpServletRequest request, AppRecord app) {
        String url = app.baseUrl();
        if (url == null && app.name().equals(appName)) {
            url = request.getScheme() + "://" + request.getServerName() + ":" + request.getServerPort()
                    + request.getContextPath() + "/";
        }
        return url == null ? "<span class=\"hint\">not configured</span>"
                : "<a href=\"" + Html.escape(url) + "\">" + Html.escape(url) + "</a>";
    }

    private static String labelTags(Map<String, String> labels) {
        StringBuilder out = new StringBuilder();
        new java.util.TreeMap<>(labels).forEach((key, value) ->
                out.append("<span class=\"tag\">").append(Html.escape(key + "=" + value)).append("</span> "));
        return out.toString();
    }

    // ---- responses

    private void asset(HttpServletRequest request, String name, HttpServletResponse response) throws IOException {
        String type = switch (name) {
            case "labelgate.css" -> "text/css;charset=UTF-8";
            case "labelgate.js" -> "text/javascript;charset=UTF-8";
            default -> null;
        };
        if (type == null) {
            error(request, response, 404, "Not found", "There is no such page.");
            return;
        }
        try (InputStream in = ConsoleServlet.class.getResourceAsStream(name)) {
            byte[] bytes = Objects.requireNonNull(in, name).readAllBytes();
            response.setContentType(type);
            response.setHeader("Cache-Control", "public, max-age=300");
            response.setHeader("X-Content-Type-Options", "nosniff");
            response.setContentLength(bytes.length);
            response.getOutputStream().write(bytes);
        }
    }

    private void error(HttpServletRequest request, HttpServletResponse response, int status, String title,
                       String sentence) throws IOException {
        html(response, status, errorPage(base(request), title, sentence));
    }

    /** A small page that says what went wrong, in one plain sentence. */
    static String errorPage(String base, String title, String sentence) {
        return Page.render(base, title, "<section class=\"card\"><h1>" + Html.escape(title)
                + "</h1><p id=\"message\" role=\"alert\">" + Html.escape(sentence) + "</p></section>", null);
    }

    static void html(HttpServletResponse response, int status, String page) throws IOException {
        byte[] bytes = page.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("text/html;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Content-Security-Policy", CSP);
        response.setHeader("X-Content-Type-Options", "nosniff");
        // same-origin, not no-referrer: with no-referrer browsers send "Origin: null" on same-origin forms
        response.setHeader("Referrer-Policy", "same-origin");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }
}
