package io.labelgate.registry;

import io.labelgate.selector.Selector;
import io.labelgate.selector.SelectorSyntaxException;
import io.labelgate.token.Role;
import io.labelgate.token.TokenClaims;
import io.labelgate.token.TokenIssuer;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The token lifecycle: create, list, get, regenerate, delete (docs/contract.md, "Token lifecycle").
 * A token string is returned by create and regenerate only, and never stored; regenerate revokes
 * every earlier string of the token; delete revokes them all. Input is validated before anything
 * is written, and a refusal names the field.
 */
public final class TokenService {

    /** Longest token name. */
    public static final int MAX_NAME_LENGTH = 100;

    /**
     * The latest expiry a token may have: the last second of the year 9999. Later instants do not
     * fit a JWT {@code exp} that every JOSE library reads, nor a four-digit year on a page.
     */
    public static final Instant LATEST_EXPIRY = Instant.parse("9999-12-31T23:59:59Z");

    private static final Logger LOG = Logger.getLogger(TokenService.class.getName());

    private final TokenRegistry registry;
    private final Supplier<TokenIssuer> issuer;
    private final Clock clock;
    private final Consumer<String> changed;
    private final ExpiryRule expiry;

    /**
     * @param registry where metadata lives
     * @param issuer   the issuer of the current signing key (asked on every issue, so rotation applies at once)
     * @param clock    the time source
     * @param changed  told the id of every regenerated or deleted token, so this node forgets
     *                 cached state at once (other nodes catch up within the revocation bound)
     * @param expiry   what expiry a new token must have
     */
    public TokenService(
            TokenRegistry registry,
            Supplier<TokenIssuer> issuer,
            Clock clock,
            Consumer<String> changed,
            ExpiryRule expiry) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.changed = Objects.requireNonNull(changed, "changed");
        this.expiry = Objects.requireNonNull(expiry, "expiry");
    }

    /** A service with no rule on expiry. */
    public TokenService(TokenRegistry registry, Supplier<TokenIssuer> issuer, Clock clock, Consumer<String> changed) {
        this(registry, issuer, clock, changed, ExpiryRule.NONE);
    }

    /** A service whose changes nobody on this node caches. */
    public TokenService(TokenRegistry registry, Supplier<TokenIssuer> issuer, Clock clock) {
        this(registry, issuer, clock, id -> {});
    }

    /**
     * Creates a token and returns its only string. The audit trail names the application as the
     * actor; {@link #create(NewToken, Actor)} names another.
     */
    public IssuedToken create(NewToken request) {
        return create(request, Actor.APPLICATION);
    }

    /** Creates a token for {@code by} (named in the audit trail) and returns its only string. */
    public IssuedToken create(NewToken request, Actor by) {
        return create(request, UUID.randomUUID().toString(), by);
    }

    /** Creates a token with a chosen id (the demo token's is stable). */
    public IssuedToken create(NewToken request, String id) {
        return create(request, id, Actor.APPLICATION);
    }

    private IssuedToken create(NewToken request, String id, Actor by) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(by, "by");
        Instant now = now();
        TokenRecord token = validate(request, id, now);
        String string = issuer.get().issue(token.claims(now));
        registry.insert(token, by);
        LOG.info(() -> "labelgate: created token " + token.id() + " (" + summary(token) + ") for " + by.name());
        return new IssuedToken(token, string);
    }

    /**
     * Creates the token with this id, or replaces it when one exists: the new record takes the next
     * generation, so every string of the previous one stays revoked (a delete and a create would
     * start again at generation 1 and bring the old strings back to life).
     */
    public IssuedToken replace(NewToken request, String id) {
        return replace(request, id, Actor.APPLICATION);
    }

    /** {@link #replace(NewToken, String)} for {@code by}, named in the audit trail. */
    public IssuedToken replace(NewToken request, String id, Actor by) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(by, "by");
        Instant now = now();
        TokenRecord fresh = validate(request, id, now);
        TokenIssuer signer = issuer.get();
        TokenRecord token = registry.replace(fresh, by);
        changed.accept(token.id());
        LOG.info(() -> "labelgate: replaced token " + token.id() + " (generation " + token.generation() + ") for "
                + by.name());
        return new IssuedToken(token, signer.issue(token.claims(now)));
    }

    /** A token's role, region and scope, as the log and the audit trail describe it: never its string. */
    static String summary(TokenRecord token) {
        return token.role().wireName() + ", " + token.region() + ", "
                + (token.allApps() ? "all apps" : token.selector().toString());
    }

    /** Every token's metadata, newest first. */
    public List<TokenRecord> list() {
        return registry.list();
    }

    /** One token's metadata. */
    public Optional<TokenRecord> get(String id) {
        return registry.find(id);
    }

    /** A new string for the token; every earlier string stops working. Empty when there is no such token. */
    public Optional<IssuedToken> regenerate(String id) {
        return regenerate(id, Actor.APPLICATION);
    }

    /** {@link #regenerate(String)} for {@code by}, named in the audit trail. */
    public Optional<IssuedToken> regenerate(String id, Actor by) {
        Objects.requireNonNull(by, "by");
        // Take the signing key first: a key ring that fails must not revoke the old string without a new one.
        TokenIssuer signer = issuer.get();
        Optional<TokenRecord> updated = registry.incrementGeneration(id, by);
        updated.ifPresent(token -> changed.accept(token.id()));
        updated.ifPresent(token -> LOG.info(() -> "labelgate: regenerated token " + token.id() + " (generation "
                + token.generation() + ") for " + by.name()));
        return updated.map(token -> new IssuedToken(token, signer.issue(token.claims(now()))));
    }

    /** Deletes the token; false when there was none. */
    public boolean delete(String id) {
        return delete(id, Actor.APPLICATION);
    }

    /** {@link #delete(String)} for {@code by}, named in the audit trail. */
    public boolean delete(String id, Actor by) {
        Objects.requireNonNull(by, "by");
        boolean deleted = registry.delete(id, by);
        if (deleted) {
            changed.accept(id);
            LOG.info(() -> "labelgate: deleted token " + id + " for " + by.name());
        }
        return deleted;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    private TokenRecord validate(NewToken request, String id, Instant now) {
        String name = request.name();
        if (name == null || name.isBlank()) {
            throw new TokenValidationException("name", "required, e.g. ci-reader");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw new TokenValidationException("name", "at most " + MAX_NAME_LENGTH + " characters");
        }
        if (name.chars().anyMatch(Character::isISOControl)) {
            throw new TokenValidationException("name", "must not contain control characters");
        }
        Role role = Role.fromWireName(request.role())
                .orElseThrow(() -> new TokenValidationException("role", "must be read or operator"));
        if (request.region() == null) {
            throw new TokenValidationException("region", "required, e.g. GRA");
        }
        try {
            TokenClaims.requireRegion(request.region());
        } catch (IllegalArgumentException e) {
            throw new TokenValidationException("region", e.getMessage());
        }
        Selector selector;
        try {
            selector = Selector.parse(request.selector() == null ? "" : request.selector());
        } catch (SelectorSyntaxException e) {
            throw new TokenValidationException("selector", e.getMessage());
        }
        boolean allApps = Boolean.TRUE.equals(request.allApps());
        if (allApps && !selector.isEmpty()) {
            throw new TokenValidationException("selector", "must be empty when allApps is true");
        }
        if (!allApps && selector.isEmpty()) {
            throw new TokenValidationException(
                    "selector",
                    "required: a token without selectors matches no app (set allApps to true to match every app)");
        }
        Instant expiresAt =
                request.expiresAt() == null ? null : request.expiresAt().truncatedTo(ChronoUnit.SECONDS);
        expiry.check(expiresAt, now);
        return new TokenRecord(id, name.strip(), selector, allApps, role, request.region(), 1, now, expiresAt, null);
    }
}
