package io.labelgate.registry;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Announces tokens entering the expiry warning window ({@link TokensExpiringSoon}), each once per
 * node: it remembers the ids it announced while they stay in the window and forgets them when
 * they leave it (expired, deleted, or given a later expiry), so that ids stay few.
 */
public final class ExpiryAnnouncer {

    private static final Logger LOG = Logger.getLogger(ExpiryAnnouncer.class.getName());

    private final Supplier<List<TokenRecord>> tokens;
    private final ExpiryWarning warning;
    private final Consumer<TokensExpiringSoon> announce;
    private final Set<String> announced = new HashSet<>();

    /**
     * @param tokens   every token ({@link TokenService#list()})
     * @param warning  the warning window
     * @param announce fires the event (to CDI observers)
     */
    public ExpiryAnnouncer(
            Supplier<List<TokenRecord>> tokens, ExpiryWarning warning, Consumer<TokensExpiringSoon> announce) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.warning = Objects.requireNonNull(warning, "warning");
        this.announce = Objects.requireNonNull(announce, "announce");
    }

    /**
     * Reads every token and announces those in the window at {@code now} not announced yet. A
     * registry that cannot be read is logged and the check waits for the next time.
     */
    public synchronized void check(Instant now) {
        List<TokenRecord> all;
        try {
            all = tokens.get();
        } catch (RegistryUnavailableException e) {
            LOG.warning("labelgate: cannot check for tokens expiring soon: " + e.getMessage());
            return;
        }
        List<TokenRecord> inWindow =
                all.stream().filter(token -> warning.expiringSoon(token, now)).toList();
        announced.retainAll(inWindow.stream().map(TokenRecord::id).collect(Collectors.toSet()));
        List<TokenRecord> entered = inWindow.stream()
                .filter(token -> !announced.contains(token.id()))
                .sorted(Comparator.comparing(TokenRecord::expiresAt).thenComparing(TokenRecord::id))
                .toList();
        if (entered.isEmpty()) {
            return;
        }
        // remembered before the observers run: one that fails is not told again every few minutes
        entered.forEach(token -> announced.add(token.id()));
        LOG.info(() ->
                "labelgate: " + entered.size() + " token(s) entered the expiry warning window of " + warning.window());
        announce.accept(new TokensExpiringSoon(entered, warning.window()));
    }
}
