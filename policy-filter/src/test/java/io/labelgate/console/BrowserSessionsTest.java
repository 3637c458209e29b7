package io.labelgate.console;

import io.labelgate.config.Secret;
import io.labelgate.http.AuthError;
import io.labelgate.http.AuthException;
import io.labelgate.http.TestRequest;
import io.labelgate.registry.Actor;
import io.labelgate.registry.Freshness;
import io.labelgate.registry.IssuedToken;
import io.labelgate.registry.JdbcRegistry;
import io.labelgate.registry.KeyEncryption;
import io.labelgate.registry.KeyRing;
import io.labelgate.registry.NewToken;
import io.labelgate.registry.RevocationCheckingVerifier;
import io.labelgate.registry.TestDataSources;
import io.labelgate.registry.TokenService;
import io.labelgate.token.JwtSettings;
import io.labelgate.token.JwtTokenVerifier;
import io.labelgate.token.TokenClaims;
import io.labelgate.token.TokenIssuer;
import io.labelgate.token.TokenRejectedException;
import io.labelgate.token.VerificationKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BrowserSessionsTest {

    private static final String ADMIN = "an-admin-secret-of-some-length";

    private final JdbcRegistry registry = JdbcRegistry.migrate(TestDataSources.h2());
    private final KeyRing keys = KeyRing.open(
            registry, KeyEncryption.fromBase64(KeyEncryption.generateBase64()), "RS256", Clock.systemUTC());
    private final RevocationCheckingVerifier verifier = new RevocationCheckingVerifier(
            new JwtTokenVerifier(
                    JwtSettings.defaults(),
                    VerificationKeys.builder().resolver(keys).build()),
            registry,
            Freshness.always(),
            100,
            Clock.systemUTC());
    private final TokenService tokens = new TokenService(
            registry,
            () -> new TokenIssuer(keys.signingKey(), JwtSettings.defaults()),
            Clock.systemUTC(),
            verifier::invalidate);
    private final BrowserSessions sessions = new BrowserSessions(
            registry,
            verifier,
            verifier,
            Optional.of(Secret.of(ADMIN)),
            Freshness.always(),
            Duration.ofHours(1),
            3,
            Clock.systemUTC(),
            keys);

    private static TestRequest withSession(BrowserSessions.Opened opened) {
        return TestRequest.get("/").withHeader("Cookie", "other=1; " + Cookies.SESSION + "=" + opened.sessionId());
    }

    private BrowserSessions.Opened login(String credential) {
        return assertInstanceOf(BrowserSessions.Login.Success.class, sessions.login(credential, "127.0.0.1"))
                .opened();
    }

    @Test
    void loginWithATokenOpensASessionThatCarriesItsClaimsButNotItsString()
            throws TokenRejectedException, AuthException {
        IssuedToken issued = tokens.create(new NewToken("n", "group=A", null, "read", "GRA", null));

        BrowserSessions.Opened opened = login(issued.tokenString());

        TokenClaims claims = sessions.claims(withSession(opened)).orElseThrow();
        assertEquals(issued.token().id(), claims.id());
        assertEquals(issued.token().id(), opened.session().tokenId());
        assertTrue(!opened.toString().contains(opened.sessionId())
                && !opened.toString().contains(issued.tokenString()));
    }

    @Test
    void everyLoginGetsAFreshSessionId() {
        IssuedToken issued = tokens.create(new NewToken("n", "group=A", null, "read", "GRA", null));

        assertNotEquals(
                login(issued.tokenString()).sessionId(),
                login(issued.tokenString()).sessionId());
    }

    @Test
    void sessionEndsWhenItsTokenIsRegenerated() {
        IssuedToken issued = tokens.create(new NewToken("n", "group=A", null, "read", "GRA", null));
        BrowserSessions.Opened opened = login(issued.tokenString());

        tokens.regenerate(issued.token().id());

        assertEquals(
                "token revoked",
                assertThrows(TokenRejectedException.class, () -> sessions.claims(withSession(opened)))
                        .getMessage());
    }

    @Test
    void loggedOutSessionIsEnded() {
        IssuedToken issued = tokens.create(new NewToken("n", "group=A", null, "read", "GRA", null));
        BrowserSessions.Opened opened = login(issued.tokenString());

        sessions.logout(withSession(opened));

        assertEquals(
                "session ended",
                assertThrows(TokenRejectedException.class, () -> sessions.claims(withSession(opened)))
                        .getMessage());
    }

    @Test
    void adminCredentialOpensAnAdminSessionThatIsNotAnAppToken() throws TokenRejectedException, AuthException {
        BrowserSessions.Opened opened = login(ADMIN);

        assertTrue(opened.session().admin());
        assertEquals(Optional.empty(), sessions.claims(withSession(opened)));
        assertTrue(sessions.session(withSession(opened)).orElseThrow().admin());
    }

    @Test
    void requestWithoutTheCookieHasNoSession() throws TokenRejectedException, AuthException {
        assertEquals(Optional.empty(), sessions.claims(TestRequest.get("/")));
    }

    @Test
    void sessionEndsAtOnceWhenTheKeyThatSignedItsTokenIsRetired() throws TokenRejectedException, AuthException {
        IssuedToken issued = tokens.create(new NewToken("n", "group=A", null, "read", "GRA", null));
        BrowserSessions.Opened opened = login(issued.tokenString());
        String oldKid = keys.signingKey().keyId();
        assertEquals(oldKid, opened.session().kid());
        keys.rotate(Actor.LABELGATE);
        assertEquals(
                issued.token().id(),
                sessions.claims(withSession(opened)).orElseThrow().id());

        keys.retire(oldKid, Actor.LABELGATE);

        assertEquals(
                "token signed by a retired key",
                assertThrows(TokenRejectedException.class, () -> sessions.claims(withSession(opened)))
                        .getMessage());
    }

    /** The review's cross-site requests: a state-changing call with the cookie alone never passes. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            nullValues = "-",
            value = {
                "POST without CSRF token, no origin headers|POST|-|-|false|a state-changing request made with the session cookie needs the session's CSRF token in the X-CSRF-Token header",
                "POST from evil.example with the right CSRF token|POST|http://evil.example|-|true|a state-changing request made with the session cookie must come from this site",
                "POST cross-site by Fetch Metadata|POST|-|cross-site|true|a state-changing request made with the session cookie must come from this site",
                "POST same-site (another port or subdomain)|POST|-|same-site|true|a state-changing request made with the session cookie must come from this site",
                "DELETE from Origin null|DELETE|null|-|true|a state-changing request made with the session cookie must come from this site",
                "PUT same-origin without CSRF token|PUT|http://app.example|same-origin|false|a state-changing request made with the session cookie needs the session's CSRF token in the X-CSRF-Token header",
                "lower-case post is not a safe method|post|-|-|false|a state-changing request made with the session cookie needs the session's CSRF token in the X-CSRF-Token header"
            })
    void stateChangingRequestWithTheSessionCookieNeedsItsCsrfTokenAndThisSite(
            String name, String method, String origin, String site, boolean withCsrf, String refusal) {
        IssuedToken issued = tokens.create(new NewToken("n", "group=A", null, "operator", "GRA", null));
        BrowserSessions.Opened opened = login(issued.tokenString());
        TestRequest request = withSession(opened).withMethod(method).withHeader("Host", "app.example");
        request = origin == null ? request : request.withHeader("Origin", origin);
        request = site == null ? request : request.withHeader("Sec-Fetch-Site", site);
        request = withCsrf
                ? request.withHeader(
                        BrowserSessions.CSRF_HEADER, opened.session().csrf())
                : request;
        TestRequest sent = request;

        AuthException refused = assertThrows(AuthException.class, () -> sessions.claims(sent));

        assertEquals(AuthError.crossSiteRequest(refusal), refused.error());
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource(
            nullValues = "-",
            value = {
                "POST, http://app.example, same-origin",
                "POST, http://app.example, -",
                "DELETE, -, -",
                "PATCH, -, same-origin"
            })
    void stateChangingRequestFromThisSiteWithItsCsrfTokenPasses(String method, String origin, String site)
            throws TokenRejectedException, AuthException {
        IssuedToken issued = tokens.create(new NewToken("n", "group=A", null, "operator", "GRA", null));
        BrowserSessions.Opened opened = login(issued.tokenString());
        TestRequest request = withSession(opened)
                .withMethod(method)
                .withHeader("Host", "app.example")
                .withHeader(BrowserSessions.CSRF_HEADER, opened.session().csrf());
        request = origin == null ? request : request.withHeader("Origin", origin);
        request = site == null ? request : request.withHeader("Sec-Fetch-Site", site);

        assertEquals(issued.token().id(), sessions.claims(request).orElseThrow().id());
    }

    @Test
    void stateChangingRequestWithAnotherSessionsCsrfTokenIsRefused() {
        IssuedToken issued = tokens.create(new NewToken("n", "group=A", null, "operator", "GRA", null));
        BrowserSessions.Opened mine = login(issued.tokenString());
        BrowserSessions.Opened other = login(issued.tokenString());
        TestRequest request = withSession(mine)
                .withMethod("POST")
                .withHeader(BrowserSessions.CSRF_HEADER, other.session().csrf());

        assertThrows(AuthException.class, () -> sessions.claims(request));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"GET", "HEAD", "OPTIONS"})
    void safeRequestsNeedNoCsrfToken(String method) throws TokenRejectedException, AuthException {
        IssuedToken issued = tokens.create(new NewToken("n", "group=A", null, "read", "GRA", null));
        BrowserSessions.Opened opened = login(issued.tokenString());

        assertEquals(
                issued.token().id(),
                sessions.claims(withSession(opened).withMethod(method).withHeader("Sec-Fetch-Site", "cross-site"))
                        .orElseThrow()
                        .id());
    }

    @Test
    void overHttpsOnlyTheHostPrefixedCookieIsRead() throws TokenRejectedException, AuthException {
        IssuedToken issued = tokens.create(new NewToken("n", "group=A", null, "read", "GRA", null));
        BrowserSessions.Opened opened = login(issued.tokenString());

        assertEquals(Optional.empty(), sessions.claims(withSession(opened).overHttps()));
        assertEquals(
                issued.token().id(),
                sessions.claims(TestRequest.get("/")
                                .withHeader("Cookie", "__Host-" + Cookies.SESSION + "=" + opened.sessionId())
                                .overHttps())
                        .orElseThrow()
                        .id());
        assertEquals(
                Optional.empty(),
                sessions.claims(TestRequest.get("/")
                        .withHeader("Cookie", "__Host-" + Cookies.SESSION + "=" + opened.sessionId())));
    }

    @Test
    void failedLoginsAreThrottledPerAddress() {
        for (int attempt = 0; attempt < 3; attempt++) {
            assertEquals(
                    new BrowserSessions.Login.Refused(BrowserSessions.Failure.INVALID),
                    sessions.login("not-a-token", "10.0.0.7"));
        }

        assertEquals(
                new BrowserSessions.Login.Refused(BrowserSessions.Failure.THROTTLED),
                sessions.login(ADMIN, "10.0.0.7"));
        Duration wait = sessions.retryAfter("10.0.0.7").orElseThrow();
        assertTrue(
                wait.compareTo(Duration.ofMinutes(59)) > 0 && wait.compareTo(Duration.ofHours(1)) <= 0, wait::toString);
        assertEquals(Optional.empty(), sessions.retryAfter("10.0.0.8"));
        assertInstanceOf(BrowserSessions.Login.Success.class, sessions.login(ADMIN, "10.0.0.8"));
    }
}
