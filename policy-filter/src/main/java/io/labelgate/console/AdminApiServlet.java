package io.labelgate.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.labelgate.app.AccessReview;
import io.labelgate.config.Secret;
import io.labelgate.decision.DecisionException;
import io.labelgate.http.Problem;
import io.labelgate.http.RefusalWriter;
import io.labelgate.json.Json;
import io.labelgate.registry.Actor;
import io.labelgate.registry.AppRegistry;
import io.labelgate.registry.AppStatus;
import io.labelgate.registry.AuditTrail;
import io.labelgate.registry.ExpiryWarning;
import io.labelgate.registry.IssuedToken;
import io.labelgate.registry.KeyRing;
import io.labelgate.registry.NewToken;
import io.labelgate.registry.RegistryUnavailableException;
import io.labelgate.registry.TokenFilter;
import io.labelgate.registry.TokenRecord;
import io.labelgate.registry.TokenService;
import io.labelgate.registry.TokenValidationException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The admin API (docs/contract.md, "Default URL layout"), under {@code labelgate.admin.path}:
 * <pre>
 *   POST   /tokens                  create     201, Location, metadata + "token" (the only time)
 *   GET    /tokens                  list       200, metadata only; filters role, region,
 *                                   expiringBefore, unusedSince ({@link TokenFilter})
 *   GET    /tokens/{id}             get        200 / 404
 *   POST   /tokens/{id}/regenerate  regenerate 200, metadata + the new "token"
 *   DELETE /tokens/{id}             delete     204 / 404
 *   GET    /apps                    registered apps that are not deleted: id, name, region, labels, status, URL
 *   POST   /keys/rotate             rotate the signing key: 201, {"kid": ...}
 *   POST   /keys/{kid}/retire       retire a key: tokens it signed stop verifying; 204 / 404
 *   GET    /app/access              who can reach this app: the tokens the policy lets read it, and
 *                                   manage it ({@link AccessReview}); 503 when the engine cannot decide
 *   GET    /audit                   the audit trail, newest first: filters since, actor, target,
 *                                   action; paged by before and limit ({@link AuditFilter})
 * </pre>
 * Callers present the admin credential ({@code Authorization: Bearer <labelgate.admin.secret>},
 * compared in constant time) or are in container role {@value #ADMIN_ROLE} ({@link AdminCredential});
 * every change is audited with the caller as its actor. Errors are RFC 9457 problem documents;
 * validation errors name the field.
 *
 * <p>A servlet rather than a JAX-RS resource: a library cannot mount JAX-RS resources at a fixed
 * path without also leaking them into the host application's own JAX-RS application.
 */
public final class AdminApiServlet extends HttpServlet {

    /** Where the access review is served, under the admin path. */
    public static final String ACCESS_PATH = "/app/access";

    /** Container role admitted without the secret. */
    public static final String ADMIN_ROLE = AdminCredential.ADMIN_ROLE;

    /** What the audit trail names as the target of a refused admin API credential. */
    public static final String AUDIT_TARGET = "admin API";

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(AdminApiServlet.class.getName());
    private static final int MAX_BODY_BYTES = 16 * 1024;
    private static final Set<String> CREATE_FIELDS =
            Set.of("name", "selector", "allApps", "role", "region", "expiresAt");

    private final transient TokenService tokens;
    private final transient AppRegistry apps;
    private final transient KeyRing keys;
    private final transient AccessReview access;
    private final transient AuditTrail audit;
    private final transient AdminCredential credential;
    private final ExpiryWarning warning;
    private final transient Clock clock;

    /**
     * @param failures counts wrong admin credentials per client address: past its limit every
     *                 attempt from that address gets 429 with {@code Retry-After}
     * @param containerLogin whether {@code Authorization: Basic} is handed to the container's login
     * @param warning  when a token is shown as {@code expiringSoon}
     */
    public AdminApiServlet(
            TokenService tokens,
            AppRegistry apps,
            KeyRing keys,
            Optional<Secret> secret,
            String realm,
            FailureThrottle failures,
            boolean containerLogin,
            AccessReview access,
            AuditTrail audit,
            ExpiryWarning warning,
            Clock clock) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.apps = Objects.requireNonNull(apps, "apps");
        this.keys = keys;
        this.access = Objects.requireNonNull(access, "access");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.credential = new AdminCredential(
                secret.stream().toList(),
                failures,
                audit,
                AUDIT_TARGET,
                realm,
                "the admin credential is not valid",
                "the admin API needs role " + ADMIN_ROLE,
                containerLogin);
        this.warning = Objects.requireNonNull(warning, "warning");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    private TokenView view(TokenRecord token, String string) {
        return TokenView.of(token, string, warning, clock.instant());
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<Actor> admitted = credential.admit(request, response);
        if (admitted.isEmpty()) {
            return;
        }
        Actor actor = admitted.get();
        // mapped at <admin path>/* and, exactly, at <admin path>/app/access (the lifecycle API's
        // /app/* would take it otherwise): the exact mapping has no path info
        List<String> path =
                request.getPathInfo() == null && request.getServletPath().endsWith(ACCESS_PATH)
                        ? List.of("app", "access")
                        : segments(request.getPathInfo());
        String method = request.getMethod();
        try {
            if (path.equals(List.of("tokens"))) {
                switch (method) {
                    case "GET" -> {
                        TokenFilter filter = TokenFilter.parse(request::getParameter);
                        Responses.json(
                                response,
                                200,
                                tokens.list().stream()
                                        .filter(filter)
                                        .map(token -> view(token, null))
                                        .toList());
                    }
                    case "POST" -> create(request, response, actor);
                    default -> methodNotAllowed(response, "GET, POST");
                }
            } else if (path.size() == 2 && path.get(0).equals("tokens")) {
                String id = path.get(1);
                switch (method) {
                    case "GET" -> found(response, tokens.get(id).map(token -> view(token, null)), id);
                    case "DELETE" -> {
                        if (tokens.delete(id, actor)) {
                            response.setStatus(204);
                        } else {
                            notFound(response, id);
                        }
                    }
                    default -> methodNotAllowed(response, "GET, DELETE");
                }
            } else if (path.size() == 3
                    && path.get(0).equals("tokens")
                    && path.get(2).equals("regenerate")) {
                if (!method.equals("POST")) {
                    methodNotAllowed(response, "POST");
                } else {
                    Optional<IssuedToken> issued = tokens.regenerate(path.get(1), actor);
                    found(response, issued.map(token -> view(token.token(), token.tokenString())), path.get(1));
                }
            } else if (path.equals(List.of("apps"))) {
                if (!method.equals("GET")) {
                    methodNotAllowed(response, "GET");
                } else {
                    Responses.json(
                            response,
                            200,
                            apps.apps().stream()
                                    .filter(app -> app.status() != AppStatus.DELETED)
                                    .map(app -> {
                                        Map<String, Object> view = new LinkedHashMap<>();
                                        view.put("id", app.id().toString());
                                        view.put("name", app.name());
                                        view.put("region", app.region());
                                        view.put("labels", new TreeMap<>(app.labels()));
                                        view.put("status", app.status().wireName());
                                        view.put("baseUrl", app.baseUrl());
                                        return view;
                                    })
                                    .toList());
                }
            } else if (path.equals(List.of("keys", "rotate")) && keys != null) {
                if (!method.equals("POST")) {
                    methodNotAllowed(response, "POST");
                } else {
                    Responses.json(response, 201, Map.of("kid", keys.rotate(actor)));
                }
            } else if (path.size() == 3
                    && path.get(0).equals("keys")
                    && path.get(2).equals("retire")
                    && keys != null) {
                if (!method.equals("POST")) {
                    methodNotAllowed(response, "POST");
                } else if (keys.retire(path.get(1), actor)) {
                    response.setStatus(204);
                } else {
                    RefusalWriter.write(
                            Problem.of(404, "no active signing key with kid " + safe(path.get(1))), response);
                }
            } else if (path.equals(List.of("app", "access"))) {
                if (!method.equals("GET")) {
                    methodNotAllowed(response, "GET");
                } else {
                    accessReview(response);
                }
            } else if (path.equals(List.of("audit"))) {
                if (!method.equals("GET")) {
                    methodNotAllowed(response, "GET");
                } else {
                    auditTrail(request, response);
                }
            } else {
                RefusalWriter.write(Problem.of(404, "no such admin resource"), response);
            }
        } catch (AuditFilter.InvalidParameterException e) {
            RefusalWriter.write(Problem.of(400, e.getMessage()).withField(e.parameter()), response);
        } catch (TokenValidationException e) {
            RefusalWriter.write(Problem.of(400, e.reason()).withField(e.field()), response);
        } catch (RegistryUnavailableException e) {
            LOG.warning("labelgate: admin API cannot reach the registry: " + e.getMessage());
            RefusalWriter.write(Problem.of(503, "the token registry is unavailable; try again later"), response);
        } catch (RuntimeException e) {
            // never a container error page with a stack trace: the trace goes to the log only
            LOG.log(Level.SEVERE, "labelgate: admin API failed on " + method + " " + request.getPathInfo(), e);
            RefusalWriter.write(Problem.of(500, "the admin API failed; the server log has the details"), response);
        }
    }

    private void accessReview(HttpServletResponse response) throws IOException {
        AccessReview.Result review;
        try {
            review = access.review();
        } catch (DecisionException e) {
            LOG.warning("labelgate: the access review could not be decided: " + e.getMessage());
            RefusalWriter.write(
                    Problem.of(503, "the policy could not decide for every token; try again later"), response);
            return;
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put(
                "read", review.read().stream().map(token -> view(token, null)).toList());
        answer.put(
                "manage",
                review.manage().stream().map(token -> view(token, null)).toList());
        answer.put("reviewed", review.reviewed());
        answer.put("tookMillis", review.took().toMillis());
        LOG.info(() -> "labelgate: access review of " + review.reviewed() + " tokens in "
                + review.took().toMillis() + " ms: " + review.read().size() + " may read, "
                + review.manage().size() + " may manage");
        Responses.json(response, 200, answer);
    }

    private void auditTrail(HttpServletRequest request, HttpServletResponse response) throws IOException {
        AuditTrail.Page page = audit.entries(AuditFilter.parse(request::getParameter));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("entries", page.entries().stream().map(AuditView::of).toList());
        answer.put("next", page.next().isPresent() ? String.valueOf(page.next().getAsLong()) : null);
        Responses.json(response, 200, answer);
    }

    private void create(HttpServletRequest request, HttpServletResponse response, Actor actor) throws IOException {
        String contentType = request.getContentType();
        if (contentType == null
                || !contentType.toLowerCase(Locale.ROOT).split(";")[0].strip().equals("application/json")) {
            RefusalWriter.write(Problem.of(415, "send the token as application/json"), response);
            return;
        }
        JsonNode body;
        try (InputStream in = request.getInputStream()) {
            byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
            if (bytes.length > MAX_BODY_BYTES) {
                RefusalWriter.write(
                        Problem.of(413, "the request body is larger than " + MAX_BODY_BYTES + " bytes"), response);
                return;
            }
            body = Json.mapper().readTree(new String(bytes, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            RefusalWriter.write(Problem.of(400, "the request body is not valid JSON"), response);
            return;
        }
        IssuedToken issued = tokens.create(newToken(body), actor);
        response.setHeader(
                "Location",
                request.getContextPath() + request.getServletPath() + "/tokens/"
                        + issued.token().id());
        Responses.json(response, 201, view(issued.token(), issued.tokenString()));
    }

    /** Reads the create request strictly: an object with known fields of the right JSON types. */
    static NewToken newToken(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new TokenValidationException("body", "must be a JSON object");
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!CREATE_FIELDS.contains(name)) {
                throw new TokenValidationException(
                        name, "unknown field; expected one of name, selector, allApps, role, " + "region, expiresAt");
            }
        }
        JsonNode allApps = body.get("allApps");
        if (allApps != null && !allApps.isNull() && !allApps.isBoolean()) {
            throw new TokenValidationException("allApps", "must be true or false");
        }
        String expiresAt = text(body, "expiresAt");
        Instant expiry;
        try {
            expiry = expiresAt == null ? null : Instant.parse(expiresAt);
        } catch (DateTimeParseException e) {
            throw new TokenValidationException("expiresAt", "must be an ISO-8601 instant such as 2030-01-01T00:00:00Z");
        }
        return new NewToken(
                text(body, "name"),
                text(body, "selector"),
                allApps == null || allApps.isNull() ? null : allApps.booleanValue(),
                text(body, "role"),
                text(body, "region"),
                expiry);
    }

    private static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new TokenValidationException(field, "must be a string");
        }
        return value.textValue();
    }

    private static List<String> segments(String pathInfo) {
        if (pathInfo == null) {
            return List.of();
        }
        return Arrays.stream(pathInfo.split("/"))
                .filter(segment -> !segment.isEmpty())
                .toList();
    }

    private static void found(HttpServletResponse response, Optional<?> body, String id) throws IOException {
        if (body.isPresent()) {
            Responses.json(response, 200, body.get());
        } else {
            notFound(response, id);
        }
    }

    private static void notFound(HttpServletResponse response, String id) throws IOException {
        RefusalWriter.write(Problem.of(404, "no token with id " + safe(id)), response);
    }

    private static void methodNotAllowed(HttpServletResponse response, String allowed) throws IOException {
        response.setHeader("Allow", allowed);
        RefusalWriter.write(Problem.of(405, "allowed methods: " + allowed), response);
    }

    /** An id echoed in a message: bounded and printable ASCII only. */
    private static String safe(String id) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < Math.min(id.length(), 64); i++) {
            char c = id.charAt(i);
            out.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return out.toString();
    }
}
