package io.labelgate.app;

import io.labelgate.decision.Action;
import io.labelgate.decision.DecisionEngine;
import io.labelgate.decision.DecisionException;
import io.labelgate.decision.DecisionInput;
import io.labelgate.decision.DecisionInput.AppInput;
import io.labelgate.decision.DecisionInput.RequestInput;
import io.labelgate.registry.TokenRecord;
import io.labelgate.registry.TokenService;
import io.labelgate.token.TokenClaims;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Who can reach this app: every token of the registry that the policy allows to read it, and every
 * one it allows to manage it. The decision engine decides, on the decision input a request with
 * that token would make — {@code GET /} for read, {@code POST <lifecycle API>/stop} for manage — so
 * the answer is the policy's, custom rules included, never Java's reading of scopes and roles.
 * Expired tokens are left out: the verifier refuses them before any policy is asked.
 */
public final class AccessReview {

    private final AppIdentity app;
    private final TokenService tokens;
    private final DecisionEngine engine;
    private final String managePath;
    private final Clock clock;

    /**
     * @param managePath the path, inside the app, of a lifecycle call ({@code /labelgate/api/app/stop})
     */
    public AccessReview(AppIdentity app, TokenService tokens, DecisionEngine engine, String managePath, Clock clock) {
        this.app = Objects.requireNonNull(app, "app");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.engine = Objects.requireNonNull(engine, "engine");
        this.managePath = Objects.requireNonNull(managePath, "managePath");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The app reviewed. */
    public UUID appId() {
        return app.id();
    }

    /**
     * The review, newest token first in each list.
     *
     * @param read     tokens the policy allows to read the app
     * @param manage   tokens the policy allows to manage it
     * @param reviewed tokens asked about (every unexpired token of the registry)
     * @param took     how long the review took
     */
    public record Result(List<TokenRecord> read, List<TokenRecord> manage, int reviewed, Duration took) {
        public Result {
            read = List.copyOf(read);
            manage = List.copyOf(manage);
            Objects.requireNonNull(took, "took");
        }
    }

    /**
     * Asks the engine about every unexpired token.
     *
     * @throws DecisionException when the engine cannot decide for one of them: a review with a
     *                           token missing would be wrong, so there is none
     */
    public Result review() throws DecisionException {
        long started = System.nanoTime();
        Instant now = clock.instant();
        AppInput appInput = app.asInput();
        RequestInput read = RequestInput.of("GET", "/", Action.READ);
        RequestInput manage = RequestInput.of("POST", managePath, Action.MANAGE);
        List<TokenRecord> readers = new ArrayList<>();
        List<TokenRecord> managers = new ArrayList<>();
        int reviewed = 0;
        for (TokenRecord token : tokens.list()) {
            if (token.expiry().filter(expiry -> !expiry.isAfter(now)).isPresent()) {
                continue;
            }
            reviewed++;
            TokenClaims claims = token.claims(now);
            if (engine.decide(DecisionInput.of(claims, appInput, read)).allow()) {
                readers.add(token);
            }
            if (engine.decide(DecisionInput.of(claims, appInput, manage)).allow()) {
                managers.add(token);
            }
        }
        return new Result(readers, managers, reviewed, Duration.ofNanos(System.nanoTime() - started));
    }
}
