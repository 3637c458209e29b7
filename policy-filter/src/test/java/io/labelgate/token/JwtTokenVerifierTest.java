package io.labelgate.token;

import io.labelgate.selector.Selector;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.keys.HmacKey;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static io.labelgate.token.TestJws.inSeconds;
import static io.labelgate.token.TestJws.sign;
import static io.labelgate.token.TestJws.validClaims;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class JwtTokenVerifierTest {

    private static SigningKey key;
    private static JwtTokenVerifier verifier;

    @BeforeAll
    static void generateKey() {
        key = SigningKey.generate("RS256");
        verifier = verifierTrusting(JwtSettings.defaults(), key);
    }

    private static JwtTokenVerifier verifierTrusting(JwtSettings settings, SigningKey... keys) {
        VerificationKeys.Builder builder = VerificationKeys.builder();
        for (SigningKey trusted : keys) {
            builder.signingKey(trusted);
        }
        return new JwtTokenVerifier(settings, builder.build());
    }

    private static JwtSettings settings(String algorithm) {
        return new JwtSettings("labelgate", "labelgate", Set.of(algorithm), Duration.ofSeconds(30), false);
    }

    private static void assertRejected(String description, TokenVerifier verifier, String token) {
        TokenRejectedException rejected = assertThrows(TokenRejectedException.class, () -> verifier.verify(token));
        assertEquals(description, rejected.getMessage());
    }

    private static TokenClaims claims(String id, Role role, String selector, boolean allApps, Instant expiresAt) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        return new TokenClaims(id, 3, role, "GRA", Selector.parse(selector), allApps, now.minusSeconds(10), expiresAt);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"RS256", "ES256", "EdDSA"})
    void verifiesWhatTheIssuerSignedWithEachAllowedAlgorithm(String algorithm) throws TokenRejectedException {
        SigningKey signing = SigningKey.generate(algorithm);
        JwtSettings settings = settings(algorithm);
        TokenClaims claims = claims(
                "tok-" + algorithm,
                Role.OPERATOR,
                "env in (dev,qa),!gpu,group=A",
                false,
                Instant.now().truncatedTo(ChronoUnit.SECONDS).plus(Duration.ofDays(1)));

        String token = new TokenIssuer(signing, settings).issue(claims);

        assertEquals(claims, verifierTrusting(settings, signing).verify(token));
    }

    @Test
    void verifiesAnAllAppsTokenWithoutExpiry() throws TokenRejectedException {
        TokenClaims claims = claims("tok-all", Role.READ, "", true, null);

        assertEquals(claims, verifier.verify(new TokenIssuer(key, JwtSettings.defaults()).issue(claims)));
    }

    @Test
    void rejectsTokenWhosePayloadWasTampered() {
        String[] parts = sign(key, validClaims()).split("\\.");
        JwtClaims operator = validClaims();
        operator.setClaim(ClaimNames.ROLE, "operator");
        String tampered = parts[0] + "." + TestJws.base64Url(operator.toJson()) + "." + parts[2];

        assertRejected("token signature invalid", verifier, tampered);
    }

    @Test
    void rejectsTokenWhenSignatureWasMadeWithAnotherKey() throws Exception {
        PublicJsonWebKey impostor = PublicJsonWebKey.Factory.newPublicJwk(
                SigningKey.generate("RS256").toPrivateJwkJson());
        impostor.setKeyId(key.keyId());
        SigningKey sameKidOtherKey =
                SigningKey.fromPrivateJwkJson(impostor.toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE));

        assertRejected("token signature invalid", verifier, sign(sameKidOtherKey, validClaims()));
    }

    @Test
    void rejectsTokenSignedByAKeyWithAnUnknownKid() {
        assertRejected("token signed by an unknown key", verifier, sign(SigningKey.generate("RS256"), validClaims()));
    }

    @Test
    void rejectsUnsignedTokenWithAlgorithmNone() {
        String header =
                TestJws.base64Url("{\"alg\":\"none\",\"typ\":\"labelgate+jwt\",\"kid\":\"" + key.keyId() + "\"}");
        String unsigned = header + "." + TestJws.base64Url(validClaims().toJson()) + ".";

        assertRejected("token algorithm not accepted", verifier, unsigned);
    }

    @Test
    void rejectsHmacTokenKeyedWithTheRsaPublicKey() throws Exception {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(validClaims().toJson());
        jws.setAlgorithmHeaderValue("HS256");
        jws.setKeyIdHeaderValue(key.keyId());
        jws.setHeader("typ", ClaimNames.TYPE);
        jws.setKey(new HmacKey(key.publicJwk().getPublicKey().getEncoded()));

        assertRejected("token algorithm not accepted", verifier, jws.getCompactSerialization());
    }

    /**
     * CVE-2022-21449: the JDK's ECDSA check of versions 15 to 18 before their April 2022 updates
     * took r = s = 0 as a valid signature of any message, for any key. The attack suite can only
     * show that a server allowing RS256 refuses such a token at its algorithm allow-list.
     */
    @Test
    void rejectsEcdsaSignatureWithRAndSZeroWhereEs256IsAllowed() {
        SigningKey ec = SigningKey.generate("ES256");
        String header =
                TestJws.base64Url("{\"alg\":\"ES256\",\"typ\":\"labelgate+jwt\",\"kid\":\"" + ec.keyId() + "\"}");
        String zeros = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[64]);

        assertRejected(
                "token signature invalid",
                verifierTrusting(settings("ES256"), ec),
                header + "." + TestJws.base64Url(validClaims().toJson()) + "." + zeros);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"RS384", "PS256", "ES256", "EdDSA"})
    void rejectsTokenSignedWithAnAlgorithmOutsideTheAllowList(String algorithm) {
        SigningKey trustedButNotAllowed = SigningKey.generate(algorithm);
        JwtTokenVerifier rs256Only = verifierTrusting(settings("RS256"), key, trustedButNotAllowed);

        assertRejected("token algorithm not accepted", rs256Only, sign(trustedButNotAllowed, validClaims()));
    }

    static Stream<Arguments> types() {
        return Stream.of(arguments("JWT"), arguments("at+jwt"), arguments("labelgate"), arguments((Object) null));
    }

    @ParameterizedTest(name = "typ {0}")
    @MethodSource("types")
    void rejectsTokenWithoutTheLabelgateType(String type) {
        assertRejected("token type not accepted", verifier, sign(key, type, validClaims()));
    }

    static Stream<Arguments> refusedClaims() {
        return Stream.of(
                refused("wrong issuer", c -> c.setIssuer("someone-else"), "token issuer not accepted"),
                refused("no issuer", c -> c.unsetClaim("iss"), "token issuer not accepted"),
                refused("wrong audience", c -> c.setAudience("other-app"), "token audience not accepted"),
                refused("no audience", c -> c.unsetClaim("aud"), "token audience not accepted"),
                refused("expired beyond the skew", c -> c.setExpirationTime(inSeconds(-120)), "token expired"),
                // found by TokenVerifierFuzzTest: jose4j takes it, java.time.Instant cannot hold it
                refused(
                        "exp past the last Instant",
                        c -> c.setExpirationTime(NumericDate.fromSeconds(Long.MAX_VALUE)),
                        "token claim \"exp\" is out of range"),
                refused("nbf in the future", c -> c.setNotBefore(inSeconds(600)), "token not yet valid"),
                refused("iat in the future", c -> c.setIssuedAt(inSeconds(600)), "token issued in the future"),
                refused(
                        "iat in the year 3000, exp an hour from now",
                        c -> c.setIssuedAt(NumericDate.fromSeconds(32503680000L)),
                        "token expires before it was issued"),
                refused(
                        "iat more than ten years ago",
                        c -> c.setIssuedAt(inSeconds(-11L * 365 * 24 * 3600)),
                        "token issued too long ago"),
                refused("iat as a string", c -> c.setClaim("iat", "now"), "token has a claim of the wrong type"),
                refused("exp as a string", c -> c.setClaim("exp", "2100-01-01"), "token has a claim of the wrong type"),
                refused("iss as a number", c -> c.setClaim("iss", 7), "token has a claim of the wrong type"),
                refused("no iat", c -> c.unsetClaim("iat"), "token lacks a required claim"),
                refused(
                        "exp beyond any date",
                        c -> c.setClaim("exp", new BigDecimal("1e400")),
                        "token claim \"exp\" is out of range"),
                refused("no jti", c -> c.unsetClaim("jti"), "token lacks a required claim"),
                refused(
                        "jti with a space",
                        c -> c.setJwtId("tok 1"),
                        "token claims are invalid: token id must be 1-128 characters of [A-Za-z0-9._-]"),
                refused("gen as a string", c -> c.setClaim("gen", "1"), "token claim \"gen\" must be an integer"),
                refused("gen as a fraction", c -> c.setClaim("gen", 1.5), "token claim \"gen\" must be an integer"),
                refused("no gen", c -> c.unsetClaim("gen"), "token claim \"gen\" must be an integer"),
                refused(
                        "gen zero",
                        c -> c.setClaim("gen", 0),
                        "token claims are invalid: token generation must be at least 1"),
                refused("role unknown", c -> c.setClaim("role", "admin"), "token role is unknown"),
                refused("role in upper case", c -> c.setClaim("role", "READ"), "token role is unknown"),
                refused("role as a number", c -> c.setClaim("role", 1), "token has a claim of the wrong type"),
                refused("no role", c -> c.unsetClaim("role"), "token claim \"role\" is missing"),
                refused("selector as a number", c -> c.setClaim("selector", 7), "token has a claim of the wrong type"),
                refused("selector malformed", c -> c.setClaim("selector", "group in ("), "token selector is malformed"),
                refused("no selector", c -> c.unsetClaim("selector"), "token claim \"selector\" is missing"),
                refused("no region", c -> c.unsetClaim("region"), "token claim \"region\" is missing"),
                refused("empty region", c -> c.setClaim("region", ""), "token claim \"region\" is missing"),
                refused(
                        "region with a space",
                        c -> c.setClaim("region", "G RA"),
                        "token claims are invalid: "
                                + "region must be 1-32 letters, digits or '-', starting with a letter or digit"),
                refused(
                        "all_apps with selectors",
                        c -> c.setClaim("all_apps", true),
                        "token claims are invalid: a token with the all-apps scope carries no selectors"),
                refused(
                        "all_apps as a string",
                        c -> c.setClaim("all_apps", "true"),
                        "token claim \"all_apps\" must be a boolean"));
    }

    private static Arguments refused(String name, Consumer<JwtClaims> change, String description) {
        return arguments(name, change, description);
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("refusedClaims")
    void rejectsTokenWithClaimsLabelgateDoesNotAccept(String name, Consumer<JwtClaims> change, String description) {
        JwtClaims claims = validClaims();
        change.accept(claims);

        assertRejected(description, verifier, sign(key, claims));
    }

    @Test
    void acceptsTokenExpiredWithinTheClockSkew() throws TokenRejectedException {
        JwtTokenVerifier twoMinutesSkew = verifierTrusting(
                new JwtSettings("labelgate", "labelgate", Set.of("RS256"), Duration.ofMinutes(2), false), key);
        JwtClaims claims = validClaims();
        claims.setIssuedAt(inSeconds(-600));
        claims.setExpirationTime(inSeconds(-10));

        assertEquals("tok-1", twoMinutesSkew.verify(sign(key, claims)).id());
    }

    @Test
    void rejectsTokenWithoutExpiryWhenExpiryIsRequired() {
        JwtTokenVerifier requiringExpiry = verifierTrusting(
                new JwtSettings("labelgate", "labelgate", Set.of("RS256"), Duration.ofSeconds(30), true), key);
        JwtClaims claims = validClaims();
        claims.unsetClaim("exp");

        assertRejected("token has no expiry", requiringExpiry, sign(key, claims));
    }

    @Test
    void withAMaximumLifetimeATokenWithoutExpiryOrExpiringLaterIsRejectedAndOneWithinItWorks() throws Exception {
        JwtTokenVerifier ninetyDays = new JwtTokenVerifier(
                JwtSettings.defaults(),
                VerificationKeys.builder().signingKey(key).build(),
                Optional.of(Duration.ofDays(90)));
        long maximum = Duration.ofDays(90).toSeconds();
        long skew = JwtSettings.defaults().clockSkew().toSeconds();
        JwtClaims forever = validClaims();
        forever.unsetClaim("exp");
        JwtClaims tooLate = validClaims();
        tooLate.setExpirationTime(inSeconds(maximum + skew + 60));
        JwtClaims within = validClaims();
        within.setExpirationTime(inSeconds(maximum - 60));

        assertRejected("token has no expiry", ninetyDays, sign(key, forever));
        assertRejected("token expires later than the maximum lifetime allows", ninetyDays, sign(key, tooLate));
        assertEquals("tok-1", ninetyDays.verify(sign(key, within)).id());
    }

    @Test
    void rejectsTokenLongerThan8192CharactersBeforeParsing() {
        assertRejected("token too long", verifier, "a".repeat(8193));
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"garbage", "a.b.c", "", "eyJhbGciOiJSUzI1NiJ9..", "....."})
    void rejectsAStringThatIsNotACompactJws(String token) {
        assertRejected("token malformed", verifier, token);
    }

    static Stream<Arguments> otherSpellingsOfASignature() {
        return Stream.of(
                arguments("standard alphabet with padding", (UnaryOperator<String>) signature -> Base64.getEncoder()
                        .encodeToString(Base64.getUrlDecoder().decode(signature))),
                arguments("padding", (UnaryOperator<String>) signature -> signature + "=="),
                arguments("a tilde appended", (UnaryOperator<String>) signature -> signature + "~"),
                arguments("a non-ASCII letter appended", (UnaryOperator<String>) signature -> signature + "\u00e9"),
                arguments("its unused trailing bits set", (UnaryOperator<String>) JwtTokenVerifierTest::setUnusedBits));
    }

    @ParameterizedTest(name = "signature with {0}")
    @MethodSource("otherSpellingsOfASignature")
    void rejectsAValidSignatureSpelledAnotherWay(String name, UnaryOperator<String> respell)
            throws TokenRejectedException {
        String[] parts = sign(key, validClaims()).split("\\.");
        verifier.verify(String.join(".", parts));

        assertRejected("token malformed", verifier, parts[0] + "." + parts[1] + "." + respell.apply(parts[2]));
    }

    /** A 2048-bit signature is 342 characters; the last carries 2 bits, and its 4 others must be zero. */
    private static String setUnusedBits(String signature) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        int last = alphabet.indexOf(signature.charAt(signature.length() - 1));
        return signature.substring(0, signature.length() - 1) + alphabet.charAt(last | 0b1111);
    }

    @Test
    void rejectsAMalformedTokenOfExactly8192CharactersAsMalformedNotTooLong() {
        assertRejected("token malformed", verifier, "a".repeat(8192));
    }
}
