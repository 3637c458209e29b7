package io.labelgate.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.labelgate.app.AppIdentity;
import io.labelgate.decision.Action;
import io.labelgate.decision.DecisionInput;
import io.labelgate.decision.DecisionJson;
import io.labelgate.json.Json;
import io.labelgate.token.CachingTokenVerifier;
import io.labelgate.token.ClaimNames;
import io.labelgate.token.JwtSettings;
import io.labelgate.token.JwtTokenVerifier;
import io.labelgate.token.SigningKey;
import io.labelgate.token.TokenClaims;
import io.labelgate.token.TokenIssuer;
import io.labelgate.token.TokenRejectedException;
import io.labelgate.token.TokenVerifier;
import io.labelgate.token.VerificationKeys;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.lang.JoseException;

import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzzes token verification and the mapping of verified claims to the decision input.
 *
 * <p>Tokens are verified as {@code Labelgate} verifies them, less the registry's revocation check:
 * a {@link CachingTokenVerifier} in front of the {@link JwtTokenVerifier}. The cache is new for
 * each input, so that every input is verified from scratch and a finding reproduces alone.
 *
 * <p>Tokens are signed with Ed25519 rather than the default RS256, so that signing a fuzzed
 * payload costs microseconds, not milliseconds; what is fuzzed after the signature check does not
 * depend on the algorithm.
 */
class TokenVerifierFuzzTest {

    private static final JwtSettings SETTINGS =
            new JwtSettings("labelgate", "labelgate", Set.of("EdDSA"), Duration.ofSeconds(30), false);
    private static final SigningKey KEY = SigningKey.generate("EdDSA");
    private static final PrivateKey PRIVATE_KEY = privateKey(KEY);
    private static final JwtTokenVerifier SIGNATURES = new JwtTokenVerifier(
            SETTINGS, VerificationKeys.builder().signingKey(KEY).build());
    private static final TokenIssuer ISSUER = new TokenIssuer(KEY, SETTINGS);

    private static final AppIdentity APP = AppIdentity.withReservedLabels(
            UUID.fromString("6f1c2a3e-0000-4000-8000-000000000001"),
            "GRA",
            Map.of("group", "A", "tier", "gpu"),
            "labelgate/",
            warning -> {});
    private static final DecisionInput.RequestInput REQUEST =
            DecisionInput.RequestInput.of("GET", "/hello", Action.READ);

    /** What the verifier says about a token it could not verify. */
    private static final Set<String> UNVERIFIED = Set.of(
            "token too long",
            "token expired",
            "token algorithm not accepted",
            "token signed by an unknown key",
            "token signature invalid",
            "token type not accepted",
            "token issuer not accepted",
            "token audience not accepted",
            "token not yet valid",
            "token issued in the future",
            "token has no expiry",
            "token lacks a required claim",
            "token malformed",
            "token issued too long ago",
            "token expires before it was issued");

    /** What it says about a validly signed token whose labelgate claims are wrong. */
    private static final Set<String> BAD_CLAIMS = Set.of(
            "token claim \"gen\" must be an integer",
            "token claim \"all_apps\" must be a boolean",
            "token claim \"role\" is missing",
            "token claim \"region\" is missing",
            "token claim \"selector\" is missing",
            "token role is unknown",
            "token has a claim of the wrong type",
            "token selector is malformed",
            "token claims are invalid: token id must be 1-128 characters of [A-Za-z0-9._-]",
            "token claims are invalid: token generation must be at least 1",
            "token claims are invalid: region must be 1-32 letters, digits or '-', starting with a letter or digit",
            "token claims are invalid: a token with the all-apps scope carries no selectors",
            "token claims are invalid: token expiry must be after its issue time",
            "token claim \"iat\" is out of range",
            "token claim \"exp\" is out of range");

    /**
     * The input is a token's payload (its claims JSON, as bytes), signed with the trusted key under
     * the header labelgate's issuer writes. A token is either refused with a fixed description, or
     * its claims become a decision input whose JSON reads back to the same input, and re-issuing
     * the claims gives a token that verifies to the same claims.
     */
    @FuzzTest
    void signedClaimsBecomeADecisionInputOrAreRefusedCleanly(byte[] payload) throws Exception {
        TokenVerifier verifier = verifier();
        TokenClaims claims;
        try {
            claims = verifier.verify(sign(payload));
        } catch (TokenRejectedException rejected) {
            assertTrue(
                    UNVERIFIED.contains(rejected.getMessage()) || BAD_CLAIMS.contains(rejected.getMessage()),
                    () -> "unexpected refusal description: " + rejected.getMessage());
            return;
        }
        DecisionInput input = DecisionInput.of(claims, APP.asInput(), REQUEST);
        String json = DecisionJson.write(input);
        assertEquals(input, Json.mapper().readValue(json, DecisionInput.class));
        assertEquals(claims, verifier.verify(ISSUER.issue(claims)));
    }

    /**
     * The input is an unsigned token. With no line feed it is the token string itself; otherwise
     * each line is one part (header JSON, payload JSON, signature bytes), base64url-encoded and
     * joined with dots, so that the fuzzer reaches the JOSE header and claims handling too. Nothing
     * the trusted key did not sign is accepted.
     */
    @FuzzTest
    void unsignedTokensAreRefusedCleanly(byte[] input) {
        String token = toToken(input);
        try {
            verifier().verify(token);
        } catch (TokenRejectedException rejected) {
            assertTrue(UNVERIFIED.contains(rejected.getMessage()), "unexpected refusal description");
            return;
        }
        throw new AssertionError("a token the trusted key never signed was accepted");
    }

    private static TokenVerifier verifier() {
        return new CachingTokenVerifier(SIGNATURES, 16, Duration.ofMinutes(5), Clock.systemUTC());
    }

    private static String toToken(byte[] input) {
        String text = new String(input, StandardCharsets.ISO_8859_1);
        if (text.indexOf('\n') < 0) {
            return new String(input, StandardCharsets.UTF_8);
        }
        Base64.Encoder base64Url = Base64.getUrlEncoder().withoutPadding();
        return Arrays.stream(text.split("\n", -1))
                .map(part -> base64Url.encodeToString(part.getBytes(StandardCharsets.ISO_8859_1)))
                .collect(Collectors.joining("."));
    }

    private static String sign(byte[] payload) throws JoseException {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayloadBytes(payload);
        jws.setKey(PRIVATE_KEY);
        jws.setKeyIdHeaderValue(KEY.keyId());
        jws.setAlgorithmHeaderValue(KEY.algorithm());
        jws.setHeader("typ", ClaimNames.TYPE);
        return jws.getCompactSerialization();
    }

    private static PrivateKey privateKey(SigningKey key) {
        try {
            return PublicJsonWebKey.Factory.newPublicJwk(key.toPrivateJwkJson()).getPrivateKey();
        } catch (JoseException e) {
            throw new IllegalStateException("cannot read the test key back", e);
        }
    }
}
