package io.labelgate.benchmarks;

import io.labelgate.bundle.PolicyBundle;
import io.labelgate.decision.Action;
import io.labelgate.decision.Decision;
import io.labelgate.decision.DecisionCache;
import io.labelgate.decision.DecisionEngine;
import io.labelgate.decision.DecisionException;
import io.labelgate.decision.DecisionInput;
import io.labelgate.decision.EmbeddedWasmEngine;
import io.labelgate.selector.Selector;
import io.labelgate.token.Role;
import io.labelgate.token.TokenClaims;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;

/**
 * The decision cache's hit rate on a REST API with ids in its paths ({@code GET /api/items/<id>}),
 * for a policy that reads only the request's action (labelgate's built-in one: keyed on the token
 * and the action) and for one that reads the path (the sample's bundle: keyed on the path too),
 * each through the engine that runs it and a cache of the production default size, as the request
 * path consults them. Prints one line per policy.
 *
 * <pre>java -cp benchmarks.jar io.labelgate.benchmarks.CacheHitRates BUNDLE [TOKENS ITEMS REQUESTS]</pre>
 */
public final class CacheHitRates {

    private CacheHitRates() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 1 && args.length != 4) {
            System.err.println("usage: CacheHitRates BUNDLE [TOKENS ITEMS REQUESTS]");
            System.exit(2);
        }
        Path bundle = Path.of(args[0]);
        int tokens = args.length == 4 ? Integer.parseInt(args[1]) : 10_000;
        int items = args.length == 4 ? Integer.parseInt(args[2]) : 1_000;
        int requests = args.length == 4 ? Integer.parseInt(args[3]) : 200_000;
        List<TokenClaims> claims = new ArrayList<>(tokens);
        Instant now = Instant.now();
        for (int i = 0; i < tokens; i++) {
            claims.add(new TokenClaims(
                    UUID.randomUUID().toString(),
                    1,
                    Role.READ,
                    Fixtures.REGION,
                    Selector.parse(Fixtures.SELECTOR),
                    false,
                    now,
                    null));
        }
        try (EmbeddedWasmEngine builtIn = EmbeddedWasmEngine.bundled(1, Duration.ofSeconds(10));
                EmbeddedWasmEngine pathReading = EmbeddedWasmEngine.awaitingPolicy(1, Duration.ofSeconds(10))) {
            pathReading.load(PolicyBundle.read(Files.readAllBytes(bundle), Optional.empty(), bundle.toString()));
            measure("built-in policy", builtIn, claims, items, requests);
            measure("the sample's bundle", pathReading, claims, items, requests);
        }
    }

    private static void measure(String name, DecisionEngine engine, List<TokenClaims> claims, int items, int requests)
            throws DecisionException {
        DecisionCache cache = DecisionCache.forEngine(engine, Fixtures.CACHE_SIZE, Fixtures.REVOCATION_BOUND);
        DecisionInput.AppInput app = Fixtures.app().asInput();
        Random random = new Random(42);
        long hits = 0;
        long started = System.nanoTime();
        for (int i = 0; i < requests; i++) {
            TokenClaims token = claims.get(random.nextInt(claims.size()));
            DecisionInput.RequestInput request =
                    DecisionInput.RequestInput.of("GET", "/api/items/" + random.nextInt(items), Action.READ);
            DecisionCache.Key key = cache.key(token, app, request);
            Optional<Decision> cached = cache.get(key);
            if (cached.isPresent()) {
                hits++;
                continue;
            }
            cache.put(key, engine.decide(DecisionInput.of(token, app, request)));
        }
        long micros = (System.nanoTime() - started) / 1_000;
        System.out.printf(
                "CacheHitRates: %s (keyed on %s): %.1f %% of %d requests answered from the cache "
                        + "(%d tokens at random, %d item ids at random, cache of %d), %.1f µs per request%n",
                name,
                cache.scope(),
                100.0 * hits / requests,
                requests,
                claims.size(),
                items,
                Fixtures.CACHE_SIZE,
                (double) micros / requests);
    }
}
