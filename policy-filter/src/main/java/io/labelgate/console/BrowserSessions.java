package io.labelgate.console;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.labelgate.config.Secret;
import io.labelgate.http.AuthError;
import io.labelgate.http.AuthException;
import io.labelgate.http.RequestView;
import io.labelgate.http.SameOrigin;
import io.labelgate.http.SessionLookup;
import io.labelgate.registry.Actor;
import io.labelgate.registry.AuditAction;
import io.labelgate.registry.AuditEvent;
import io.labelgate.registry.BrowserSession;
import io.labelgate.registry.Freshness;
import io.labelgate.registry.RevocationCheckingVerifier;
import io.labelgate.registry.SessionRegistry;
import io.labelgate.registry.TokenRecord;
import io.labelgate.token.KeyRetirements;
import io.labelgate.token.TokenClaims;
import io.labelgate.token.TokenRejectedException;
import io.labelgate.token.TokenVerifier;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.lang.JoseException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Browser sessions of the "Login with token" page, kept in the registry so every node knows them.
 *
 * <p>Login verifies the pasted token like a bearer token (signature, claims, registry) and opens a
 * session holding the token's id and generation, never its string; a fresh random session id every
 * time (no fixation). Each request re-checks the token against the registry, so a regenerated,
 * deleted or expired token ends the session on the next request (within the revocation bound).
 * Failed logins are counted per client address and refused past a limit per hour.
 */
public final class BrowserSessions implements SessionLookup {

    /** What the audit trail names as the target of a sign-in. */
    public static final String AUDIT_TARGET = "console";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final SessionRegistry registry;
    private final TokenVerifier verifier;
    private final RevocationCheckingVerifier revocation;
    private final KeyRetirements retirements;
    private final Optional<Secret> adminSecret;
    private final Duration lifetime;
    private final Clock clock;
    private final Freshness freshness;
    private final LoadingCache<String, Optional<BrowserSession>> sessions;
    private final FailureThrottle failures;

    /**
     * @param registry           where sessions live
     * @param verifier           the request path's verifier (signature, claims and registry)
     * @param revocation         the registry check, for requests that carry a session
     * @param adminSecret        the admin credential, which opens an admin session
     * @param freshness          asked on every lookup: what this node keeps of sessions is within the
     *                           revocation bound (sessions ended elsewhere reach it by the change feed)
     * @param lifetime           how long a session lasts at most
     * @param maxFailuresPerHour failed logins allowed per client address and hour
     * @param retirements        the signing keys' retirements: retiring the key of a session's token ends the session
     */
    public BrowserSessions(
            SessionRegistry registry,
            TokenVerifier verifier,
            RevocationCheckingVerifier revocation,
            Optional<Secret> adminSecret,
            Freshness freshness,
            Duration lifetime,
            int maxFailuresPerHour,
            Clock clock,
            KeyRetirements retirements) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.revocation = Objects.requireNonNull(revocation, "revocation");
        this.retirements = Objects.requireNonNull(retirements, "retirements");
        this.adminSecret = Objects.requireNonNull(adminSecret, "adminSecret");
        this.lifetime = Objects.requireNonNull(lifetime, "lifetime");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.freshness = Objects.requireNonNull(freshness, "freshness");
        // read once per node; a session ended on another node is forgotten through the change feed
        this.sessions = Caffeine.newBuilder().maximumSize(10_000).build(registry::findSession);
        this.failures = new FailureThrottle(maxFailuresPerHour, clock);
    }

    /** An opened session: the cookie value (a secret) and what it was opened with. */
    public record Opened(String sessionId, BrowserSession session) {
        @Override
        public String toString() {
            return "Opened[" + session + "]";
        }
    }

    /** Why a login failed. */
    public enum Failure {
        /** The pasted text is not a current token nor the admin credential. */
        INVALID,
        /** Too many failed attempts from this address in the last hour. */
        THROTTLED
    }

    /** The outcome of a login attempt. */
    public sealed interface Login {
        /** A new session. */
        record Success(Opened opened) implements Login {}

        /** No session. */
        record Refused(Failure failure) implements Login {}
    }

    /** How long a throttled address must wait before its next login attempt is heard. */
    public Optional<Duration> retryAfter(String clientAddress) {
        return failures.retryAfter(clientAddress);
    }

    /** Opens a session for a pasted token or the admin credential; counts failures per address. */
    public Login login(String credential, String clientAddress) {
        if (failures.retryAfter(clientAddress).isPresent()) {
            return new Login.Refused(Failure.THROTTLED);
        }
        String pasted = credential == null ? "" : credential.strip();
        Instant now = clock.instant();
        if (adminSecret.isPresent() && adminSecret.get().matches(pasted)) {
            // the sign-in and its audit entry are one transaction
            return new Login.Success(open(
                    null,
                    0,
                    null,
                    null,
                    now,
                    Optional.of(AuditEvent.of(
                            Actor.adminSecret(clientAddress), AuditAction.ADMIN_SIGNED_IN, AUDIT_TARGET))));
        }
        try {
            TokenClaims claims = verifier.verify(pasted);
            return new Login.Success(
                    open(claims.id(), claims.generation(), keyId(pasted), null, now, Optional.empty()));
        } catch (TokenRejectedException | IllegalArgumentException e) {
            failures.failed(clientAddress);
            return new Login.Refused(Failure.INVALID);
        }
    }

    /** The {@code kid} header of a token that just verified, or {@code null} when it names none. */
    private static String keyId(String verifiedToken) {
        try {
            return JsonWebStructure.fromCompactSerialization(verifiedToken).getKeyIdHeaderValue();
        } catch (JoseException e) {
            throw new IllegalStateException("a token that verified has no readable header", e);
        }
    }

    /**
     * Opens an admin session for an administrator the container authenticated (role
     * {@code labelgate-admin}), named in the session and, with its sign-in, in the audit trail.
     */
    public Opened openAdministrator(String name, String clientAddress) {
        Actor administrator = Actor.administrator(name, clientAddress);
        return open(
                null,
                0,
                null,
                administrator.name(),
                clock.instant(),
                Optional.of(AuditEvent.of(administrator, AuditAction.ADMIN_SIGNED_IN, AUDIT_TARGET)));
    }

    private Opened open(
            String tokenId, long generation, String kid, String adminName, Instant now, Optional<AuditEvent> audit) {
        String id = random();
        BrowserSession session =
                new BrowserSession(hash(id), tokenId, generation, kid, random(), now, now.plus(lifetime), adminName);
        registry.deleteExpiredSessions(now);
        if (audit.isPresent()) {
            registry.insert(session, audit.get());
        } else {
            registry.insert(session);
        }
        sessions.invalidate(session.idHash());
        return new Opened(id, session);
    }

    /** The live session a request's cookie names, if any (expired ones are not returned). */
    public Optional<BrowserSession> session(RequestView request) {
        Optional<String> cookie = Cookies.read(request, Cookies.SESSION);
        if (cookie.isEmpty()) {
            return Optional.empty();
        }
        freshness.requireFresh();
        return cookie.flatMap(id -> sessions.get(hash(id)))
                .filter(session -> clock.instant().isBefore(session.expiresAt()));
    }

    /** Forgets a session this node keeps, by the hash of its id: it was ended on another node. */
    public void forget(String idHash) {
        sessions.invalidate(idHash);
    }

    /** Forgets every session this node keeps (the change feed had a gap). */
    public void forgetAll() {
        sessions.invalidateAll();
    }

    /** Ends the request's session. */
    public void logout(RequestView request) {
        Cookies.read(request, Cookies.SESSION).ifPresent(id -> {
            registry.deleteSession(hash(id));
            sessions.invalidate(hash(id));
        });
    }

    /** The header a state-changing request authenticated by the session cookie carries its CSRF token in. */
    public static final String CSRF_HEADER = "X-CSRF-Token";

    /**
     * {@inheritDoc}
     *
     * <p>A state-changing request (any method but GET, HEAD, OPTIONS, TRACE) made with the session
     * cookie must also carry the session's CSRF token in {@value #CSRF_HEADER} and come from this
     * site ({@link SameOrigin}); otherwise it is refused with 403, whatever the policy would say.
     * SameSite=Strict alone does not cover same-site pages on another port or subdomain.
     */
    @Override
    public Optional<TokenClaims> claims(RequestView request) throws TokenRejectedException, AuthException {
        Optional<String> cookie = Cookies.read(request, Cookies.SESSION);
        if (cookie.isEmpty()) {
            return Optional.empty();
        }
        Optional<BrowserSession> session = session(request);
        if (session.isEmpty()) {
            throw new TokenRejectedException("session ended");
        }
        if (session.get().admin()) {
            // the admin credential opens the Tokens and Apps pages, not the app
            return Optional.empty();
        }
        if (SameOrigin.changesState(request)) {
            if (!SameOrigin.test(request)) {
                throw new AuthException(AuthError.crossSiteRequest(
                        "a state-changing request made with the session cookie must come from this site"));
            }
            List<String> csrf = request.headers(CSRF_HEADER);
            if (csrf.size() != 1 || !sameSecret(session.get().csrf(), csrf.get(0))) {
                throw new AuthException(AuthError.crossSiteRequest("a state-changing request made with the session "
                        + "cookie needs the session's CSRF token in the " + CSRF_HEADER + " header"));
            }
        }
        if (session.get().kid() != null && retirements.retired(session.get().kid())) {
            throw new TokenRejectedException("token signed by a retired key");
        }
        TokenRecord record =
                revocation.current(session.get().tokenId(), session.get().generation());
        return Optional.of(record.claims(record.createdAt()));
    }

    /** A new random value for a session id or CSRF token: 256 bits, base64url. */
    public static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Whether a submitted CSRF value equals the expected one, in constant time. */
    public static boolean sameSecret(String expected, String submitted) {
        return expected != null
                && submitted != null
                && MessageDigest.isEqual(
                        expected.getBytes(StandardCharsets.UTF_8), submitted.getBytes(StandardCharsets.UTF_8));
    }

    private static String hash(String id) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
