package io.labelgate.console;

import io.labelgate.app.AppLifecycle;
import io.labelgate.app.AppLifecycle.Change;
import io.labelgate.decision.Action;
import io.labelgate.http.AuthError;
import io.labelgate.http.Outcome;
import io.labelgate.http.Problem;
import io.labelgate.http.Protection;
import io.labelgate.http.RefusalWriter;
import io.labelgate.http.ServletRequestView;
import io.labelgate.http.TokenPrincipal;
import io.labelgate.registry.Actor;
import io.labelgate.registry.AppRecord;
import io.labelgate.registry.AppStatus;
import io.labelgate.registry.RegistryUnavailableException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * This app's lifecycle (docs/contract.md, "Default URL layout", {@code /labelgate/api/app}), for
 * bearer tokens the policy allows:
 * <pre>
 *   GET    /labelgate/api/app            status                              action read
 *   POST   /labelgate/api/app/stop       stop: ordinary requests get 503     action manage
 *   POST   /labelgate/api/app/start      start again                         action manage
 *   DELETE /labelgate/api/app            delete: every request gets 410      action manage
 *   GET    /labelgate/api/app/can?action=read|manage   may my token? (allow and the policy's reasons)
 * </pre>
 */
public final class AppLifecycleServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = Logger.getLogger(AppLifecycleServlet.class.getName());

    private final transient Protection protection;
    private final transient AppLifecycle lifecycle;

    public AppLifecycleServlet(Protection protection, AppLifecycle lifecycle) {
        this.protection = Objects.requireNonNull(protection, "protection");
        this.lifecycle = Objects.requireNonNull(lifecycle, "lifecycle");
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo() == null ? "/" : request.getPathInfo();
        String method = request.getMethod();
        try {
            switch (method + " " + path) {
                case "GET /" -> status(request, response);
                case "POST /stop" -> change(request, response, Change.STOP);
                case "POST /start" -> change(request, response, Change.START);
                case "DELETE /" -> change(request, response, Change.DELETE);
                case "GET /can" -> can(request, response);
                default ->
                    RefusalWriter.write(
                            Problem.of(
                                    path.equals("/")
                                                    || path.equals("/stop")
                                                    || path.equals("/start")
                                                    || path.equals("/can")
                                            ? 405
                                            : 404,
                                    "no such lifecycle call: " + method + " " + path.replaceAll("[^\\x21-\\x7e]", "?")),
                            response);
            }
        } catch (RegistryUnavailableException e) {
            LOG.warning("labelgate: lifecycle call cannot reach the registry: " + e.getMessage());
            RefusalWriter.write(protection.refusal(AuthError.decisionUnavailable()), response);
        } catch (RuntimeException e) {
            // never the container's error page with a stack trace: the trace goes to the log only
            LOG.log(Level.SEVERE, "labelgate: lifecycle call failed on " + method + " " + path, e);
            RefusalWriter.write(Problem.of(500, "the lifecycle call failed; the server log has the details"), response);
        }
    }

    /** The caller, when the policy allows the action; otherwise the refusal is written. */
    private Optional<TokenPrincipal> allowed(HttpServletRequest request, HttpServletResponse response, Action action)
            throws IOException {
        Outcome outcome = protection.pipeline().protect(new ServletRequestView(request), action);
        if (outcome instanceof Outcome.Allowed allowedOutcome) {
            return Optional.of(allowedOutcome.principal());
        }
        if (outcome instanceof Outcome.Refused refused) {
            RefusalWriter.write(protection.refusal(refused.error()), response);
        }
        return Optional.empty();
    }

    private void status(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (allowed(request, response, Action.READ).isPresent()) {
            Responses.json(response, 200, document(lifecycle.status()));
        }
    }

    private void change(HttpServletRequest request, HttpServletResponse response, Change change) throws IOException {
        Optional<TokenPrincipal> caller = allowed(request, response, Action.MANAGE);
        if (caller.isEmpty()) {
            return;
        }
        AppStatus status = lifecycle.apply(change, Actor.token(caller.get().getName(), request.getRemoteAddr()));
        LOG.info(() -> "labelgate: app " + change.wireName() + " by token "
                + caller.get().getName());
        Responses.json(response, 200, document(status));
    }

    private void can(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String asked = request.getParameter("action");
        Action action = Action.fromWireName(asked).orElse(null);
        if (action == null) {
            RefusalWriter.write(Problem.of(400, "action must be read or manage").withField("action"), response);
            return;
        }
        Outcome outcome = protection.pipeline().protect(new ServletRequestView(request), action);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("action", action.wireName());
        answer.put("app", lifecycle.record().name());
        if (outcome instanceof Outcome.Allowed) {
            answer.put("allow", true);
            answer.put("reasons", List.of());
        } else if (outcome instanceof Outcome.Refused refused) {
            AuthError error = refused.error();
            if (error.status() != 403) {
                RefusalWriter.write(protection.refusal(error), response);
                return;
            }
            answer.put("allow", false);
            answer.put("reasons", error.reasons());
        }
        Responses.json(response, 200, answer);
    }

    private Map<String, Object> document(AppStatus status) {
        AppRecord app = lifecycle.record();
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("id", app.id().toString());
        document.put("name", app.name());
        document.put("region", app.region());
        document.put("labels", new TreeMap<>(app.labels()));
        document.put("status", status.wireName());
        return document;
    }
}
