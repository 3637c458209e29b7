package io.labelgate.console;

import io.labelgate.config.Secret;
import io.labelgate.http.TestRequest;
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
    private final KeyRing keys = KeyRing.open(registry, KeyEncryption.fromBase64(KeyEncryption.generateBase64()),
            "RS256", Clock.systemUTC(), Duration.ofSeconds(30));
    private final RevocationCheckingVerifier verifier = new RevocationCheckingVerifier(
            new JwtTokenVerifier(JwtSettings.defaults(), VerificationKeys.builder().resolver(keys).build()),
            registry, Duration.ofSeconds(2), 100, Clock.systemUTC());
    private final TokenService tokens = new TokenService(registry,
            () -> new TokenIssuer(keys.signingKey(), JwtSettings.defaults()), Clock.systemUTC(), verifier::invalidate);
    private final BrowserSessions sessions = new BrowserSessions(registry, verifier, verifier,
            Optional.of(Secret.of(ADMIN)), Duration.ofSeconds(2), Duration.ofHours(1), 3, Clock.systemUTC());

    private static TestRequest withSession(BrowserSessions.Opened opened) {
        return TestRequest.get("/").withHeader("Cookie", "other=1; " + Cookies.SESSION + "=" + opened.sessionId());
    }

    private BrowserSessions.Opened login(String credential) {
        return assertInstanceOf(BrowserSessions.Login.Success.class, sessions.login(credential, "127.0.0.1")).opened();
    }

    @Test
    void loginWithATokenOpensASessionThatCarriesItsClaimsButNotItsString() throws TokenRejectedException {
        IssuedToken issued = tokens.create(new NewToken("n", "group=A", null, "read", "GRA", null));

        BrowserSessions.Opened opened = login(issued.tokenString());

        TokenClaims claims = sessions.claims(withSession(opened)).orElseThrow();
        assertEquals(issued.token().id(), claims.id());
        assertEquals(issued.token().id(), opened.session().tokenId());
        assertTrue(!opened.toString().contains(opened.sessionId()) && !opened.toString().contains(issued.tokenString()));
    }

    @Test
    void everyLoginGetsAFreshSessionId() {
        IssuedToken issued = tokens.create(new NewToken("n", "group=A", null, "read", "GRA", null));

        assertNotEquals(login(issued.tokenString()).sessionId(), login(issued.tokenString()).sessionId());
    }

    @Test
    void sessionEndsWhenItsTokenIsRegenerated() {
        IssuedToken issued = tokens.create(new NewToken("n", "group=A", null, "read", "GRA", null));
        BrowserSessions.Opened opened = login(issued.tokenString());

        tokens.regenerate(issued.token().id());

        assertEquals("token revoked", assertThrows(TokenRejectedException.class,
                () -> sessions.claims(withSession(opened))).getMessage());
    }

    @Test
    void loggedOutSessionIsEnded() {
        IssuedToken issued = tokens.create(new NewToken("n", "group=A", null, "read", "GRA", null));
        BrowserSessions.Opened opened = login(issued.tokenString());

        sessions.logout(withSession(opened));

        assertEquals("session ended", assertThrows(TokenRejectedException.class,
                () -> sessions.claims(withSession(opened))).getMessage());
    }

    @Test
    void adminCredentialOpensAnAdminSessionThatIsNotAnAppToken() throws TokenRejectedException {
        BrowserSessions.Opened opened = login(ADMIN);

        assertTrue(opened.session().admin());
        assertEquals(Optional.empty(), sessions.claims(withSession(opened)));
        assertTrue(sessions.session(withSession(opened)).orElseThrow().admin());
    }

    @Test
    void requestWithoutTheCookieHasNoSession() throws TokenRejectedException {
        assertEquals(Optional.empty(), sessions.claims(TestRequest.get("/")));
    }

    @Test
    void failedLoginsAreThrottledPerAddress() {
        for (int attempt = 0; attempt < 3; attempt++) {
            assertEquals(new BrowserSessions.Login.Refused(BrowserSessions.Failure.INVALID),
                    sessions.login("not-a-token", "10.0.0.7"));
        }

        assertEquals(new BrowserSessions.Login.Refused(BrowserSessions.Failure.THROTTLED),
                sessions.login(ADMIN, "10.0.0.7"));
        assertInstanceOf(BrowserSessions.Login.Success.class, sessions.login(ADMIN, "10.0.0.8"));
    }
}
