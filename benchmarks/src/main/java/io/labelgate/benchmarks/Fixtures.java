package io.labelgate.benchmarks;

import io.labelgate.app.AppIdentity;
import io.labelgate.decision.DecisionInput;
import io.labelgate.http.Outcome;
import io.labelgate.http.RequestView;
import io.labelgate.selector.Selector;
import io.labelgate.token.Role;
import io.labelgate.token.TokenClaims;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * What every benchmark decides on: the sample app ({@code group=A}, region {@code GRA}) and a
 * read token scoped to it, the same facts as the sample WAR's demo token.
 */
final class Fixtures {

    static final String REGION = "GRA";
    static final String SELECTOR = "group=A";
    /** The production default of {@code labelgate.revocation.max-staleness}: the decision cache's lifetime. */
    static final Duration REVOCATION_BOUND = Duration.ofSeconds(2);
    /** The production default of {@code labelgate.token-cache.max-age}. */
    static final Duration TOKEN_CACHE_MAX_AGE = Duration.ofMinutes(5);
    /** The production default of the token and decision caches' sizes. */
    static final long CACHE_SIZE = 10_000;

    // java.util.logging keeps loggers weakly: hold the one we configure, or the setting is lost
    private static final Logger DECISION_LOG = Logger.getLogger("io.labelgate.decisions");

    private Fixtures() {}

    static AppIdentity app() {
        return AppIdentity.withReservedLabels(
                UUID.fromString("6f1c3c44-52f5-4a39-9d2c-7f1f4d0b7a11"),
                REGION,
                Map.of("group", "A"),
                "labelgate/",
                warning -> {});
    }

    static TokenClaims readToken() {
        Instant now = Instant.now();
        return new TokenClaims(
                "bench-" + UUID.randomUUID(),
                1,
                Role.READ,
                REGION,
                Selector.parse(SELECTOR),
                false,
                now,
                now.plus(Duration.ofHours(12)));
    }

    static DecisionInput input(TokenClaims claims) {
        return DecisionInput.of(claims, app().asInput(), new DecisionInput.RequestInput("GET", "/", "read"));
    }

    /** {@code GET /} with the token in the {@code Authorization} header, as a client sends it. */
    static RequestView get(String token) {
        List<String> authorization = List.of("Bearer " + Objects.requireNonNull(token, "token"));
        return new RequestView() {
            @Override
            public String method() {
                return "GET";
            }

            @Override
            public String path() {
                return "/";
            }

            @Override
            public List<String> headers(String name) {
                return "authorization".equalsIgnoreCase(name) ? authorization : List.of();
            }

            @Override
            public String queryString() {
                return null;
            }

            @Override
            public boolean secure() {
                return false;
            }
        };
    }

    static void requireAllowed(Outcome outcome, String what) {
        if (!(outcome instanceof Outcome.Allowed)) {
            throw new IllegalStateException(what + ": the benchmark request was refused (" + outcome
                    + "); it would measure a refusal, not the request path");
        }
    }

    /**
     * Keeps the decision log (one line per decision, logger {@code io.labelgate.decisions}) at its
     * production level, so each benchmarked request still builds and formats its line, but formats
     * it into nothing: the console of a benchmark fork is not a server's log file.
     */
    static void formatDecisionLogIntoNothing() {
        DECISION_LOG.setUseParentHandlers(false);
        for (Handler handler : DECISION_LOG.getHandlers()) {
            DECISION_LOG.removeHandler(handler);
        }
        DECISION_LOG.addHandler(new FormattingSink());
    }

    private static final class FormattingSink extends Handler {
        private final Formatter formatter = new SimpleFormatter();
        private volatile int lastLength;

        @Override
        public void publish(LogRecord record) {
            if (isLoggable(record)) {
                lastLength = formatter.format(record).length();
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }
}
