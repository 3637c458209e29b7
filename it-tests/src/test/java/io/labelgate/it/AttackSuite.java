package io.labelgate.it;

import com.sun.net.httpserver.HttpServer;
import io.labelgate.token.ClaimNames;
import io.labelgate.token.JwtSettings;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.keys.HmacKey;
import org.jose4j.lang.JoseException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The attack suite (issue 8), run by {@link AttackSuiteIT} (labelgate as the application's Jakarta
 * Security mechanism, issue 17) and {@link AttackSuiteFilterOnlyIT} (the filter alone, the
 * library's default) with the same answers: crafted tokens and requests against a real server running the
 * sample WAR, each answered with an exact status, {@code WWW-Authenticate} value and problem
 * document, on the servlet path ({@code /}) and on the JAX-RS path ({@code /api/hello}).
 *
 * <p>How the cases are made:
 * <ul>
 *   <li>A crafted token that is otherwise valid is signed with the key the server trusts
 *       ({@link Tokens#TRUSTED_KEY}, RS256) and carries the id of a token the registry knows, so
 *       that its refusal comes from the one thing the case changes, never from revocation. The
 *       first case shows such a token is accepted.</li>
 *   <li>After every case the registered token still gets 200: no attack leaves the server broken
 *       or its caches poisoned.</li>
 *   <li>No case may make the server fetch a URL: {@code jku} and {@code x5u} point at a listener of
 *       this test that serves the attacker's keys and counts requests, checked after every case.</li>
 *   <li>Header bytes {@code java.net.http} refuses to send (control and non-ASCII) go through
 *       {@link RawHttp}.</li>
 *   <li>The app is deployed with {@code labelgate.jwt.require-expiry=true}, so a token without
 *       {@code exp} is refused; the tokens made to work carry one.</li>
 *   <li>A few requests are answered by the container before labelgate sees them, and containers
 *       differ: the system property {@code labelgate.it.server} ({@code wildfly} in the failsafe
 *       execution of that name, {@code payara} otherwise) picks the expected answer.</li>
 * </ul>
 *
 * <p>Attack cases of {@link RequestPathIT} that belong to this suite and are not repeated here:
 * payload edited after signing; signed by an untrusted key with an unknown {@code kid}; expired an
 * hour ago; another issuer; another audience; {@code alg} {@code none} in lower case; a string that
 * is no JWT; {@code access_token} in the query; two Bearer {@code Authorization} headers.
 */
abstract class AttackSuite extends DeployedApp {

    private static final String REALM = "Bearer realm=\"ai-app\"";
    private static final List<String> PATHS = List.of("/", "/api/hello");
    private static final String SERVER = System.getProperty("labelgate.it.server", "payara");
    private static final String HS256 = AlgorithmIdentifiers.HMAC_SHA256;
    private static final String RS256 = AlgorithmIdentifiers.RSA_USING_SHA256;
    private static final String ES256 = AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256;

    /** Made once per deployment: the registered tokens, the attacker's keys and the key-URL trap. */
    private static Fixture fixture;

    /**
     * The sample as the suite attacks it, with or without labelgate as its Jakarta Security
     * mechanism. With it, the JAX-RS path is under a {@code web.xml} constraint (role {@code read}),
     * so every case meets the mechanism's own answer there and the filter's on the servlet path.
     */
    static WebArchive aiApp(boolean jakartaSecurity) {
        WebArchive war = SampleWar.withMicroProfileConfig("""
                labelgate.app.region=GRA
                labelgate.app.labels=group=A
                labelgate.admin.enabled=true
                labelgate.jwt.require-expiry=true
                labelgate.jakarta-security.enabled=%s
                """.formatted(jakartaSecurity));
        if (jakartaSecurity) {
            war.setWebXML(new StringAsset("""
                    <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
                      <security-constraint>
                        <web-resource-collection>
                          <web-resource-name>the JAX-RS path, in the container's terms</web-resource-name>
                          <url-pattern>/api/hello</url-pattern>
                        </web-resource-collection>
                        <auth-constraint><role-name>read</role-name></auth-constraint>
                      </security-constraint>
                      <security-role><role-name>read</role-name></security-role>
                    </web-app>
                    """));
        }
        return war;
    }

    @AfterAll
    static void stopKeyTrap() {
        if (fixture != null) {
            fixture.trap.stop(0);
            // the next variant attacks a fresh deployment: its own tokens, its own trap
            fixture = null;
        }
    }

    private Fixture fixture() {
        if (fixture == null) {
            fixture = new Fixture(new AdminApi(uri("/")));
        }
        return fixture;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void eachCraftedRequestGetsItsExactAnswerOnBothPaths(Case attack) {
        Fixture fixture = fixture();
        for (String path : PATHS) {
            Reply reply = attack.request().send(fixture, uri(path));

            assertEquals(attack.answer().status(), reply.status(), () -> path + ": " + reply);
            assertEquals(attack.answer().wwwAuthenticate(), reply.wwwAuthenticate(), path);
            assertEquals(attack.answer().body(), reply.body(), path);
        }
        assertEquals(0, fixture.fetches.get(), "the server fetched a URL a token named");
        HttpResponse<String> after = Http.send(get(uri("/"), "Authorization", "Bearer " + fixture.registered.token()));
        assertEquals(200, after.statusCode(), "a valid token still works after the attack");
    }

    static Stream<Case> cases() {
        return Stream.of(
                // the base every crafted token starts from, and a far expiry
                token(
                        "control: a crafted token with the trusted key and a registered id",
                        Fixture::valid,
                        Answer.allowed()),
                token("a token created to expire in the year 9999", f -> f.farFuture.token(), Answer.allowed()),

                // alg: none in its spellings, symmetric keys, ECDSA
                token(
                        "alg None, no signature",
                        f -> f.withHeader(f.headerJson("None"), ""),
                        Answer.invalidToken("token algorithm not accepted")),
                token(
                        "alg NONE, no signature",
                        f -> f.withHeader(f.headerJson("NONE"), ""),
                        Answer.invalidToken("token algorithm not accepted")),
                token(
                        "alg nOnE, no signature",
                        f -> f.withHeader(f.headerJson("nOnE"), ""),
                        Answer.invalidToken("token algorithm not accepted")),
                token(
                        "alg none, the valid signature kept",
                        f -> f.withHeader(f.headerJson("none"), f.validSignature()),
                        Answer.invalidToken("token algorithm not accepted")),
                token(
                        "HS256 keyed with the trusted public key (DER), kid of the trusted key",
                        f -> f.signed(new HmacKey(f.trustedPublicDer()), HS256, header(f.kid), f.payload()),
                        Answer.invalidToken("token algorithm not accepted")),
                token(
                        "HS256 keyed with the trusted public key (PEM text), kid of the trusted key",
                        f -> f.signed(new HmacKey(pem(f.trustedPublicDer())), HS256, header(f.kid), f.payload()),
                        Answer.invalidToken("token algorithm not accepted")),
                // CVE-2022-21449 ("psychic signatures"): an ECDSA signature with r = s = 0 verified
                // on JDK 15-18 before their April 2022 updates. The server allows RS256 only and
                // trusts no EC key, so this proves that a token claiming ES256 and naming the
                // trusted kid is refused at the algorithm allow-list, before any key lookup or
                // ECDSA arithmetic. It cannot prove what the JDK's ECDSA check makes of r = s = 0
                // on a server that does allow ES256: JwtTokenVerifierTest covers that, with an
                // ES256 verifier trusting an EC key.
                token(
                        "ES256 with r = s = 0 (CVE-2022-21449), kid of the trusted key",
                        f -> f.withHeader(f.headerJson(ES256), base64Url(new byte[64])),
                        Answer.invalidToken("token algorithm not accepted")),
                token(
                        "ES256 signed by the attacker's EC key, kid of the trusted key",
                        f -> f.signed(f.strangerEc.getPrivateKey(), ES256, header(f.kid), f.payload()),
                        Answer.invalidToken("token algorithm not accepted")),

                // the signature segment
                token(
                        "signature removed (third segment empty)",
                        f -> f.withSignature(""),
                        Answer.invalidToken("token signature invalid")),
                token(
                        "signature segment missing (two segments)",
                        f -> f.validHeaderAndPayload(),
                        Answer.invalidToken("token malformed")),
                token(
                        "blank signature: 256 zero bytes",
                        f -> f.withSignature(base64Url(new byte[256])),
                        Answer.invalidToken("token signature invalid")),
                token(
                        "signature of another key that claims the trusted kid",
                        f -> f.signed(f.stranger.getPrivateKey(), RS256, header(f.kid), f.payload()),
                        Answer.invalidToken("token signature invalid")),
                token(
                        "signature 3 bytes short",
                        f -> f.withSignature(dropThreeBytes(f.validSignature())),
                        Answer.invalidToken("token signature invalid")),
                token(
                        "signature one character short (no base64url length)",
                        f -> f.withSignature(f.validSignature()
                                .substring(0, f.validSignature().length() - 1)),
                        Answer.invalidToken("token malformed")),
                token(
                        "signature with one bit flipped",
                        f -> f.withSignature(flipOneBit(f.validSignature())),
                        Answer.invalidToken("token signature invalid")),
                token(
                        "signature of 4,000 characters",
                        f -> f.withSignature("A".repeat(4000)),
                        Answer.invalidToken("token signature invalid")),
                token(
                        "valid signature in the standard base64 alphabet with padding",
                        f -> f.withSignature(Base64.getEncoder()
                                .encodeToString(Base64.getUrlDecoder().decode(f.validSignature()))),
                        Answer.invalidToken("token malformed")),
                token(
                        "valid signature with == padding",
                        f -> f.withSignature(f.validSignature() + "=="),
                        Answer.invalidToken("token malformed")),
                token(
                        "valid signature with ~ appended",
                        f -> f.withSignature(f.validSignature() + "~"),
                        Answer.invalidToken("token malformed")),
                token(
                        "valid signature with its unused trailing bits set",
                        f -> f.withSignature(setUnusedBits(f.validSignature())),
                        Answer.invalidToken("token malformed")),
                token(
                        "a fourth segment after a valid token",
                        f -> f.valid() + ".AAAA",
                        Answer.invalidToken("token malformed")),
                token(
                        "five segments (the shape of a JWE)",
                        f -> f.valid() + ".AAAA.AAAA",
                        Answer.invalidToken("token malformed")),

                // the JOSE header: keys named by the token, kid, crit, duplicates, depth, typ
                token(
                        "jwk header with the attacker's key, kid of the trusted key",
                        f -> f.signed(
                                f.stranger.getPrivateKey(),
                                RS256,
                                with(header(f.kid), "jwk", f.strangerPublicJwk()),
                                f.payload()),
                        Answer.invalidToken("token signature invalid")),
                token(
                        "jwk header with the attacker's key and kid",
                        f -> f.signed(
                                f.stranger.getPrivateKey(),
                                RS256,
                                with(header(f.stranger.getKeyId()), "jwk", f.strangerPublicJwk()),
                                f.payload()),
                        Answer.invalidToken("token signed by an unknown key")),
                token(
                        "jku header pointing at the attacker's JWKS",
                        f -> f.signed(
                                f.stranger.getPrivateKey(),
                                RS256,
                                with(header(f.stranger.getKeyId()), "jku", f.trapUrl + "/jwks.json"),
                                f.payload()),
                        Answer.invalidToken("token signed by an unknown key")),
                token(
                        "x5u header pointing at the attacker's certificate",
                        f -> f.signed(
                                f.stranger.getPrivateKey(),
                                RS256,
                                with(header(f.stranger.getKeyId()), "x5u", f.trapUrl + "/cert.pem"),
                                f.payload()),
                        Answer.invalidToken("token signed by an unknown key")),
                token(
                        "kid empty",
                        f -> f.signed(f.stranger.getPrivateKey(), RS256, header(""), f.payload()),
                        Answer.invalidToken("token signed by an unknown key")),
                token(
                        "kid ../../../../dev/null with HS256 keyed by the empty file",
                        // HMAC pads its key with zero bytes: one zero byte is the empty key
                        f -> f.signed(new HmacKey(new byte[1]), HS256, header("../../../../dev/null"), f.payload()),
                        Answer.invalidToken("token algorithm not accepted")),
                token(
                        "kid ../../../../dev/null with RS256",
                        f -> f.signed(f.stranger.getPrivateKey(), RS256, header("../../../../dev/null"), f.payload()),
                        Answer.invalidToken("token signed by an unknown key")),
                token(
                        "kid with shell metacharacters",
                        f -> f.signed(
                                f.stranger.getPrivateKey(),
                                RS256,
                                header("$(touch /tmp/pwned); `id` | cat"),
                                f.payload()),
                        Answer.invalidToken("token signed by an unknown key")),
                token(
                        "kid with SQL metacharacters",
                        f -> f.signed(f.stranger.getPrivateKey(), RS256, header("x' OR '1'='1'; --"), f.payload()),
                        Answer.invalidToken("token signed by an unknown key")),
                token(
                        "kid of a retired key, signed with the trusted key",
                        f -> f.signed(f.trustedKey(), RS256, header(f.kid + "-retired"), f.payload()),
                        Answer.invalidToken("token signed by an unknown key")),
                token(
                        "kid of the trusted key in upper case, signed with the trusted key",
                        f -> f.signed(f.trustedKey(), RS256, header(f.kid.toUpperCase(Locale.ROOT)), f.payload()),
                        Answer.invalidToken("token signed by an unknown key")),
                token(
                        "kid a number",
                        f -> f.signed(f.trustedKey(), RS256, with(header(f.kid), "kid", 7), f.payload()),
                        Answer.invalidToken("token malformed")),
                token(
                        "crit naming an extension labelgate does not know",
                        f -> f.signed(
                                f.trustedKey(),
                                RS256,
                                with(with(header(f.kid), "crit", List.of("x-labelgate")), "x-labelgate", true),
                                f.payload()),
                        Answer.invalidToken("token malformed")),
                token(
                        "alg given twice, none then RS256",
                        f -> f.withHeader(
                                "{\"alg\":\"none\",\"alg\":\"RS256\",\"kid\":\"" + f.kid
                                        + "\",\"typ\":\"labelgate+jwt\"}",
                                f.validSignature()),
                        Answer.invalidToken("token malformed")),
                token(
                        "header JSON nested 2,000 arrays deep",
                        f -> f.withHeader(
                                "{\"alg\":\"RS256\",\"kid\":\"" + f.kid + "\",\"typ\":\"labelgate+jwt\",\"x\":"
                                        + "[".repeat(2000) + "]".repeat(2000) + "}",
                                f.validSignature()),
                        Answer.invalidToken("token signature invalid")),
                token(
                        "typ missing",
                        f -> f.signed(f.trustedKey(), RS256, Map.<String, Object>of("kid", f.kid), f.payload()),
                        Answer.invalidToken("token type not accepted")),
                token(
                        "typ JWT",
                        f -> f.signed(f.trustedKey(), RS256, with(header(f.kid), "typ", "JWT"), f.payload()),
                        Answer.invalidToken("token type not accepted")),

                // registered claims
                token(
                        "iss missing",
                        f -> f.trusted(c -> c.unsetClaim("iss")),
                        Answer.invalidToken("token issuer not accepted")),
                token(
                        "iss in another case",
                        f -> f.trusted(c -> c.setIssuer("Labelgate")),
                        Answer.invalidToken("token issuer not accepted")),
                token(
                        "aud missing",
                        f -> f.trusted(c -> c.unsetClaim("aud")),
                        Answer.invalidToken("token audience not accepted")),
                token(
                        "aud a list without labelgate",
                        f -> f.trusted(c -> c.setAudience("ai-app", "admin")),
                        Answer.invalidToken("token audience not accepted")),
                token(
                        "exp 60 s ago, past the 30 s clock skew",
                        f -> f.trusted(c -> c.setExpirationTime(inSeconds(-60))),
                        Answer.invalidToken("token expired")),
                token(
                        "exp missing where expiry is required",
                        f -> f.trusted(c -> c.unsetClaim("exp")),
                        Answer.invalidToken("token has no expiry")),
                token(
                        "exp a string",
                        f -> f.trusted(c -> c.setClaim("exp", "2100-01-01T00:00:00Z")),
                        Answer.invalidToken("token has a claim of the wrong type")),
                token(
                        "exp 1e400, beyond any date",
                        f -> f.trusted(c -> c.setClaim("exp", new BigDecimal("1e400"))),
                        Answer.invalidToken("token claim \"exp\" is out of range")),
                token(
                        "nbf 10 minutes in the future",
                        f -> f.trusted(c -> c.setNotBefore(inSeconds(600))),
                        Answer.invalidToken("token not yet valid")),
                token(
                        "iat 10 minutes in the future",
                        f -> f.trusted(c -> c.setIssuedAt(inSeconds(600))),
                        Answer.invalidToken("token issued in the future")),
                token(
                        "iat in the year 3000, exp as issued",
                        f -> f.trusted(c -> c.setIssuedAt(year3000())),
                        Answer.invalidToken("token expires before it was issued")),
                token(
                        "iat and exp in the year 3000",
                        f -> f.trusted(c -> {
                            c.setIssuedAt(year3000());
                            c.setExpirationTime(
                                    NumericDate.fromSeconds(year3000().getValue() + 3600));
                        }),
                        Answer.invalidToken("token issued in the future")),
                token(
                        "iat 11 years ago",
                        f -> f.trusted(c -> c.setIssuedAt(inSeconds(-11L * 365 * 24 * 3600))),
                        Answer.invalidToken("token issued too long ago")),

                // labelgate's claims: types, values, duplicates, the registry
                token(
                        "role a number",
                        f -> f.trusted(c -> c.setClaim(ClaimNames.ROLE, 1)),
                        Answer.invalidToken("token has a claim of the wrong type")),
                token(
                        "role admin",
                        f -> f.trusted(c -> c.setClaim(ClaimNames.ROLE, "admin")),
                        Answer.invalidToken("token role is unknown")),
                token(
                        "role READ",
                        f -> f.trusted(c -> c.setClaim(ClaimNames.ROLE, "READ")),
                        Answer.invalidToken("token role is unknown")),
                token(
                        "selector a JSON array (the claim is one string)",
                        f -> f.trusted(c -> c.setClaim(ClaimNames.SELECTOR, List.of("group=A"))),
                        Answer.invalidToken("token has a claim of the wrong type")),
                token(
                        "selector a JSON object",
                        f -> f.trusted(c -> c.setClaim(ClaimNames.SELECTOR, Map.of("group", "A"))),
                        Answer.invalidToken("token has a claim of the wrong type")),
                token(
                        "region missing",
                        f -> f.trusted(c -> c.unsetClaim(ClaimNames.REGION)),
                        Answer.invalidToken("token claim \"region\" is missing")),
                token(
                        "role given twice, read then operator",
                        f -> f.signed(
                                f.trustedKey(),
                                RS256,
                                header(f.kid),
                                f.claims()
                                        .toJson()
                                        .replace("\"role\":\"read\"", "\"role\":\"read\",\"role\":\"operator\"")),
                        Answer.invalidToken("token malformed")),
                token(
                        "gen ahead of the registry",
                        f -> f.trusted(c -> c.setClaim(ClaimNames.GENERATION, 2)),
                        Answer.invalidToken("token revoked")),
                token(
                        "jti the registry does not know, signed with the trusted key",
                        f -> f.trusted(c -> c.setJwtId("not-a-registered-token")),
                        Answer.invalidToken("token revoked")),
                token(
                        "region with a non-ASCII letter",
                        f -> f.trusted(c -> c.setClaim(ClaimNames.REGION, "GR\u00c0")),
                        Answer.invalidToken("token claims are invalid: "
                                + "region must be 1-32 letters, digits or '-', starting with a letter or digit")),
                token(
                        "role with a NUL",
                        f -> f.trusted(c -> c.setClaim(ClaimNames.ROLE, "read\u0000")),
                        Answer.invalidToken("token role is unknown")),
                token(
                        "selector with a BEL",
                        f -> f.trusted(c -> c.setClaim(ClaimNames.SELECTOR, "group=A\u0007")),
                        Answer.invalidToken("token selector is malformed")),
                token(
                        "jti with a non-ASCII letter",
                        f -> f.trusted(c -> c.setJwtId("tok-\u00e9")),
                        Answer.invalidToken(
                                "token claims are invalid: token id must be 1-128 characters of [A-Za-z0-9._-]")),

                // size: labelgate's bound, the container's bound
                token(
                        "a valid token just over " + JwtSettings.MAX_TOKEN_LENGTH + " characters",
                        Fixture::tooLong,
                        // Payara Micro's HTTP listener takes 8 KiB of request headers at most: the
                        // container refuses before labelgate's own bound can be reached.
                        onServer(Answer.byContainer(400, ""), Answer.invalidToken("token too long"))),
                raw(
                        "an Authorization header of 512 KiB, under WildFly's limit",
                        f -> ascii("Bearer " + "a".repeat(512 << 10)),
                        onServer(Answer.byContainer(400, ""), Answer.invalidToken("token too long"))),
                // over every container's limit (Payara Micro 8 KiB of headers, WildFly 1 MiB)
                raw(
                        "an Authorization header of 2 MiB",
                        f -> ascii("Bearer " + "a".repeat(2 << 20)),
                        Answer.byContainer(400, "")),

                // transport
                request(
                        "token in the query under a percent-encoded name",
                        (f, uri) -> get(URI.create(uri + "?%61ccess_token=" + f.registered.token())),
                        Answer.invalidRequest("tokens in the URL query are refused; send Authorization: Bearer")),
                request(
                        "token in the query after another parameter, and a valid Authorization header",
                        (f, uri) -> get(
                                URI.create(uri + "?page=1&access_token=" + f.registered.token()),
                                "Authorization",
                                "Bearer " + f.registered.token()),
                        Answer.invalidRequest("tokens in the URL query are refused; send Authorization: Bearer")),
                // RFC 6750 §2.2 form parameters are not a way in: the request presents no token
                request(
                        "token in a form body (RFC 6750 section 2.2)",
                        (f, uri) -> http11(uri)
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .POST(HttpRequest.BodyPublishers.ofString("access_token=" + f.registered.token()))
                                .build(),
                        Answer.noToken()),
                request(
                        "a Basic and a Bearer Authorization header",
                        (f, uri) -> get(
                                uri,
                                "Authorization",
                                "Basic dXNlcjpwYXNzd29yZA==",
                                "Authorization",
                                "Bearer " + f.registered.token()),
                        Answer.invalidRequest("more than one Authorization header")),
                request(
                        "two Bearer credentials in one header",
                        (f, uri) ->
                                get(uri, "Authorization", "Bearer " + f.registered.token() + ", Bearer " + f.valid()),
                        Answer.invalidRequest("the Bearer credential must be a single token (RFC 6750 section 2.1)")),
                request(
                        "scheme Basic",
                        (f, uri) -> get(uri, "Authorization", "Basic dXNlcjpwYXNzd29yZA=="),
                        Answer.noToken()),
                request(
                        "scheme Token with a valid token",
                        (f, uri) -> get(uri, "Authorization", "Token " + f.registered.token()),
                        Answer.noToken()),
                request(
                        "scheme glued to a valid token",
                        (f, uri) -> get(uri, "Authorization", "Bearer" + f.registered.token()),
                        Answer.noToken()),
                request(
                        "Bearer with no token",
                        (f, uri) -> get(uri, "Authorization", "Bearer"),
                        Answer.invalidRequest("the Bearer scheme needs a token")),
                raw(
                        "Bearer followed by spaces only",
                        f -> ascii("Bearer    "),
                        Answer.invalidRequest("the Bearer scheme needs a token")),
                // RFC 9110 §11.4 puts one space between scheme and credential. Undertow folds a run of
                // spaces and tabs in a header value into one space, so on WildFly labelgate reads
                // "Bearer <token>"; Payara passes the tab, and labelgate sees no Bearer scheme.
                raw(
                        "Bearer, a tab, a valid token",
                        f -> ascii("Bearer\t" + f.registered.token()),
                        onServer(Answer.noToken(), Answer.allowed())),

                // control and non-ASCII bytes in the header value: Payara Micro refuses them itself,
                // WildFly passes them on (as Latin-1) and labelgate refuses what is no b64token
                raw("a NUL inside a valid token", f -> f.registeredWith("\u0000"), notAToken()),
                raw("a 0x01 inside a valid token", f -> f.registeredWith("\u0001"), notAToken()),
                raw("a DEL inside a valid token", f -> f.registeredWith("\u007f"), notAToken()),
                raw("an ANSI escape sequence after a valid token", f -> f.registeredWith("\u001b[31m"), notAToken()),
                raw(
                        "an e-acute in UTF-8 after a valid token",
                        f -> concat(ascii("Bearer " + f.registered.token()), "\u00e9".getBytes(StandardCharsets.UTF_8)),
                        notAToken()),
                raw(
                        "an e-acute in Latin-1 after a valid token",
                        f -> concat(ascii("Bearer " + f.registered.token()), new byte[] {(byte) 0xe9}),
                        notAToken()));
    }

    /** A header value with bytes outside RFC 6750's b64token. */
    private static Answer notAToken() {
        return onServer(
                Answer.byContainer(400, ""),
                Answer.invalidRequest("the Bearer credential must be a single token (RFC 6750 section 2.1)"));
    }

    // ---- cases ----------------------------------------------------------------------------

    /** One crafted request, and the exact answer expected on both paths. */
    record Case(String name, Request request, Answer answer) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** Sends a case's request to one path. */
    @FunctionalInterface
    interface Request {
        Reply send(Fixture fixture, URI uri);
    }

    /** What came back: status, the {@code WWW-Authenticate} value (null when absent), the body. */
    record Reply(int status, String wwwAuthenticate, String body) {}

    /** The exact answer expected. */
    record Answer(int status, String wwwAuthenticate, String body) {

        static Answer allowed() {
            return new Answer(200, null, "Hello, World!");
        }

        /** 401 with the bare challenge: the request presented no bearer token. */
        static Answer noToken() {
            return new Answer(
                    401,
                    REALM,
                    "{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,"
                            + "\"detail\":\"a bearer token is required\"}");
        }

        static Answer invalidToken(String description) {
            return refusal(401, "Unauthorized", "invalid_token", description);
        }

        static Answer invalidRequest(String description) {
            return refusal(400, "Bad Request", "invalid_request", description);
        }

        /** The header turns a double quote into a single one; the JSON body escapes it. */
        private static Answer refusal(int status, String title, String code, String description) {
            return new Answer(
                    status,
                    REALM + ", error=\"" + code + "\", error_description=\"" + description.replace('"', '\'') + "\"",
                    "{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status + ",\"detail\":\""
                            + description.replace("\"", "\\\"") + "\",\"error\":\"" + code + "\"}");
        }

        /** Answered by the container itself: labelgate never saw the request. */
        static Answer byContainer(int status, String body) {
            return new Answer(status, null, body);
        }
    }

    private static Answer onServer(Answer payara, Answer wildfly) {
        return "wildfly".equals(SERVER) ? wildfly : payara;
    }

    /** A token sent as {@code Authorization: Bearer <token>}. */
    private static Case token(String name, Function<Fixture, String> token, Answer answer) {
        return new Case(
                name,
                (fixture, uri) -> {
                    HttpResponse<String> response =
                            Http.send(get(uri, "Authorization", "Bearer " + token.apply(fixture)));
                    return new Reply(response.statusCode(), Http.header(response, "WWW-Authenticate"), response.body());
                },
                answer);
    }

    /** A request java.net.http can send. */
    private static Case request(String name, BiFunction<Fixture, URI, HttpRequest> request, Answer answer) {
        return new Case(
                name,
                (fixture, uri) -> {
                    HttpResponse<String> response = Http.send(request.apply(fixture, uri));
                    return new Reply(response.statusCode(), Http.header(response, "WWW-Authenticate"), response.body());
                },
                answer);
    }

    /** A GET whose {@code Authorization} value is these bytes, written on a socket as they are. */
    private static Case raw(String name, Function<Fixture, byte[]> authorization, Answer answer) {
        return new Case(
                name,
                (fixture, uri) -> {
                    RawHttp.Response response = RawHttp.getWithAuthorization(uri, authorization.apply(fixture));
                    return new Reply(response.status(), response.header("WWW-Authenticate"), response.body());
                },
                answer);
    }

    private static HttpRequest get(URI uri, String... headers) {
        HttpRequest.Builder request = http11(uri).GET();
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return request.build();
    }

    /**
     * HTTP/1.1, as the raw cases write it: java.net.http would otherwise upgrade to HTTP/2 (h2c),
     * where Payara Micro resets the stream of a request whose headers are over its limit and then
     * answers 431 to every later request on that connection, whatever its size.
     */
    private static HttpRequest.Builder http11(URI uri) {
        return HttpRequest.newBuilder(uri).version(HttpClient.Version.HTTP_1_1).timeout(Duration.ofSeconds(20));
    }

    // ---- crafting -------------------------------------------------------------------------

    /** What the cases are made from, once per server. */
    static final class Fixture {

        /** A read token for group=A in GRA that the registry knows, expiring in a day. */
        final AdminApi.Created registered;
        /** A read token created to expire at 9999-12-31T23:59:59Z. */
        final AdminApi.Created farFuture;

        final String kid = Tokens.TRUSTED_KEY.keyId();
        final PublicJsonWebKey trustedJwk = privateJwk(Tokens.TRUSTED_KEY.toPrivateJwkJson());
        /** The attacker's keys: the server has never seen them. */
        final PublicJsonWebKey stranger = generate("RSA");

        final PublicJsonWebKey strangerEc = generate("EC");
        /** Serves the attacker's JWKS at any path and counts the requests: none may come. */
        final HttpServer trap;

        final String trapUrl;
        final AtomicInteger fetches = new AtomicInteger();
        private final Instant expiry = Instant.now().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS);
        private String valid;

        Fixture(AdminApi api) {
            registered = api.create("read", "GRA", "group=A", expiry);
            farFuture = api.create("read", "GRA", "group=A", Instant.parse("9999-12-31T23:59:59Z"));
            byte[] jwks = new JsonWebKeySet(stranger)
                    .toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY)
                    .getBytes(StandardCharsets.UTF_8);
            try {
                trap = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            trap.createContext("/", exchange -> {
                fetches.incrementAndGet();
                exchange.sendResponseHeaders(200, jwks.length);
                exchange.getResponseBody().write(jwks);
                exchange.close();
            });
            trap.start();
            trapUrl = "http://127.0.0.1:" + trap.getAddress().getPort();
        }

        /** The claims of {@link #registered}, as labelgate's issuer writes them. */
        JwtClaims claims() {
            JwtClaims claims = new JwtClaims();
            claims.setIssuer("labelgate");
            claims.setAudience("labelgate");
            claims.setJwtId(registered.id());
            claims.setIssuedAt(inSeconds(-60));
            claims.setExpirationTime(NumericDate.fromSeconds(expiry.getEpochSecond()));
            claims.setClaim(ClaimNames.GENERATION, 1);
            claims.setClaim(ClaimNames.ROLE, "read");
            claims.setClaim(ClaimNames.REGION, "GRA");
            claims.setClaim(ClaimNames.SELECTOR, "group=A");
            return claims;
        }

        String payload() {
            return claims().toJson();
        }

        Key trustedKey() {
            return trustedJwk.getPrivateKey();
        }

        byte[] trustedPublicDer() {
            return trustedJwk.getPublicKey().getEncoded();
        }

        Map<String, Object> strangerPublicJwk() {
            return stranger.toParams(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
        }

        /** Signed with the trusted key after one change to the claims. */
        String trusted(Consumer<JwtClaims> change) {
            JwtClaims claims = claims();
            change.accept(claims);
            return signed(trustedKey(), RS256, header(kid), claims.toJson());
        }

        /** A token the server accepts (the control case); made once, so its signature is fixed. */
        synchronized String valid() {
            if (valid == null) {
                valid = trusted(claims -> {});
            }
            return valid;
        }

        String validSignature() {
            return valid().substring(valid().lastIndexOf('.') + 1);
        }

        String validHeaderAndPayload() {
            return valid().substring(0, valid().lastIndexOf('.'));
        }

        String withSignature(String signature) {
            return validHeaderAndPayload() + "." + signature;
        }

        /** This header JSON, the valid payload, and this signature segment. */
        String withHeader(String headerJson, String signature) {
            return base64Url(headerJson.getBytes(StandardCharsets.UTF_8)) + "."
                    + base64Url(payload().getBytes(StandardCharsets.UTF_8)) + "." + signature;
        }

        /** The header labelgate writes, with another algorithm. */
        String headerJson(String algorithm) {
            return "{\"alg\":\"" + algorithm + "\",\"kid\":\"" + kid + "\",\"typ\":\"" + ClaimNames.TYPE + "\"}";
        }

        String signed(Key key, String algorithm, Map<String, Object> header, String payload) {
            JsonWebSignature jws = new JsonWebSignature();
            jws.setAlgorithmHeaderValue(algorithm);
            header.forEach((name, value) -> jws.getHeaders().setObjectHeaderValue(name, value));
            jws.setPayload(payload);
            jws.setKey(key);
            jws.setDoKeyValidation(false); // an HMAC key of one byte, on purpose
            try {
                return jws.getCompactSerialization();
            } catch (JoseException e) {
                throw new IllegalStateException("cannot sign a crafted token", e);
            }
        }

        /** A token the server would accept, padded by a claim to just over labelgate's bound. */
        String tooLong() {
            int padding = (JwtSettings.MAX_TOKEN_LENGTH - valid().length()) * 3 / 4;
            String token;
            do {
                int length = padding++;
                token = trusted(claims -> claims.setClaim("pad", "x".repeat(length)));
            } while (token.length() <= JwtSettings.MAX_TOKEN_LENGTH);
            return token;
        }

        /** {@code Bearer <registered token>} with these characters after its 20th, as bytes. */
        byte[] registeredWith(String inserted) {
            String token = registered.token();
            return ("Bearer " + token.substring(0, 20) + inserted + token.substring(20))
                    .getBytes(StandardCharsets.ISO_8859_1);
        }

        private static PublicJsonWebKey privateJwk(String json) {
            try {
                return PublicJsonWebKey.Factory.newPublicJwk(json);
            } catch (JoseException e) {
                throw new IllegalStateException(e);
            }
        }

        private static PublicJsonWebKey generate(String type) {
            try {
                PublicJsonWebKey key = type.equals("EC")
                        ? EcJwkGenerator.generateJwk(EllipticCurves.P256)
                        : RsaJwkGenerator.generateJwk(2048);
                key.setKeyId("attacker-" + type.toLowerCase(Locale.ROOT));
                return key;
            } catch (JoseException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** The JOSE header labelgate writes, naming this kid; the algorithm is set when signing. */
    private static Map<String, Object> header(String kid) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("kid", kid);
        header.put("typ", ClaimNames.TYPE);
        return header;
    }

    private static Map<String, Object> with(Map<String, Object> header, String name, Object value) {
        Map<String, Object> changed = new LinkedHashMap<>(header);
        changed.put(name, value);
        return changed;
    }

    private static NumericDate inSeconds(long offset) {
        return NumericDate.fromSeconds(Instant.now().getEpochSecond() + offset);
    }

    private static NumericDate year3000() {
        return NumericDate.fromSeconds(Instant.parse("3000-01-01T00:00:00Z").getEpochSecond());
    }

    private static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static byte[] pem(byte[] der) {
        return ("-----BEGIN PUBLIC KEY-----\n"
                        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                        + "\n-----END PUBLIC KEY-----\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    private static String dropThreeBytes(String signature) {
        byte[] bytes = Base64.getUrlDecoder().decode(signature);
        return base64Url(Arrays.copyOf(bytes, bytes.length - 3));
    }

    private static String flipOneBit(String signature) {
        byte[] bytes = Base64.getUrlDecoder().decode(signature);
        bytes[bytes.length / 2] ^= 1;
        return base64Url(bytes);
    }

    /** The last character of a base64url segment may carry bits beyond the data: they must be zero. */
    private static String setUnusedBits(String segment) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        int unused = segment.length() * 6 % 8;
        int last = alphabet.indexOf(segment.charAt(segment.length() - 1));
        return segment.substring(0, segment.length() - 1) + alphabet.charAt(last | ((1 << unused) - 1));
    }

    private static byte[] ascii(String value) {
        return value.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }
}
