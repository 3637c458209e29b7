package io.labelgate.token;

import io.labelgate.selector.Selector;
import io.labelgate.selector.SelectorSyntaxException;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.VerificationKeyResolver;
import org.jose4j.lang.InvalidAlgorithmException;
import org.jose4j.lang.UnresolvableKeyException;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Verifies labelgate tokens with jose4j: signature by a trusted public key with an allowed
 * asymmetric algorithm, explicit type {@value ClaimNames#TYPE}, issuer, audience, {@code exp} and
 * {@code nbf} with a small clock skew, {@code iat} not in the future, and labelgate's own claims.
 *
 * <p>Every refusal carries a fixed, caller-safe description; jose4j's own messages (which quote
 * claims) never leave this class.
 */
public final class JwtTokenVerifier implements TokenVerifier {

    private static final int TEN_YEARS_IN_SECONDS = 10 * 365 * 24 * 3600;
    private static final Base64.Decoder BASE64URL = Base64.getUrlDecoder();
    private static final Base64.Encoder BASE64URL_UNPADDED =
            Base64.getUrlEncoder().withoutPadding();

    private final JwtConsumer consumer;

    public JwtTokenVerifier(JwtSettings settings, VerificationKeys keys) {
        this(settings, keys, Optional.empty());
    }

    /**
     * A verifier that also refuses a token without {@code exp} or one that, by its {@code exp},
     * would still work longer than {@code maxLifetime} from now ({@code labelgate.tokens.max-lifetime}):
     * no token outlives the maximum, whenever and wherever it was made.
     */
    public JwtTokenVerifier(JwtSettings settings, VerificationKeys keys, Optional<Duration> maxLifetime) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(maxLifetime, "maxLifetime");
        Objects.requireNonNull(keys, "keys");
        int skew = Math.toIntExact(settings.clockSkew().toSeconds());
        JwtConsumerBuilder builder = new JwtConsumerBuilder()
                .setJwsAlgorithmConstraints(
                        AlgorithmConstraints.ConstraintType.PERMIT,
                        settings.algorithms().toArray(String[]::new))
                .setVerificationKeyResolver(allowedAlgorithmsOnly(settings.algorithms(), keys.resolver()))
                .setExpectedType(true, ClaimNames.TYPE)
                .setExpectedIssuer(settings.issuer())
                .setExpectedAudience(settings.audience())
                .setRequireJwtId()
                .setRequireIssuedAt()
                .setIssuedAtRestrictions(skew, TEN_YEARS_IN_SECONDS)
                .setAllowedClockSkewInSeconds(skew);
        if (settings.requireExpiry() || maxLifetime.isPresent()) {
            builder.setRequireExpirationTime();
        }
        // jose4j allows the clock skew on top, as for every time claim
        maxLifetime.ifPresent(max -> builder.setMaxFutureValidityInMinutes(Math.toIntExact(max.toMinutes())));
        this.consumer = builder.build();
    }

    /**
     * Refuses a token whose algorithm is not allowed before any key is looked up: jose4j resolves
     * the key first, so {@code alg: none} or an HMAC token would otherwise be described as "signed
     * by an unknown key", and could make a JWKS URL be fetched again.
     */
    private static VerificationKeyResolver allowedAlgorithmsOnly(Set<String> algorithms, VerificationKeyResolver keys) {
        return (jws, nestingContext) -> {
            if (!algorithms.contains(jws.getAlgorithmHeaderValue())) {
                throw new UnresolvableKeyException(
                        "algorithm not accepted", new InvalidAlgorithmException("algorithm not accepted"));
            }
            return keys.resolveKey(jws, nestingContext);
        };
    }

    @Override
    public TokenClaims verify(String token) throws TokenRejectedException {
        Objects.requireNonNull(token, "token");
        if (token.length() > JwtSettings.MAX_TOKEN_LENGTH) {
            throw new TokenRejectedException("token too long");
        }
        if (!isCanonicalCompactJws(token)) {
            throw new TokenRejectedException("token malformed");
        }
        JwtClaims claims;
        try {
            claims = consumer.processToClaims(token);
        } catch (InvalidJwtException e) {
            throw new TokenRejectedException(describe(e));
        }
        return toTokenClaims(claims);
    }

    /**
     * Whether a token is three base64url segments without padding, each spelled the one way an
     * encoder writes it (RFC 7515 §7.1, §2). jose4j's decoder also takes the standard alphabet,
     * padding, set trailing bits and stray characters, so without this check one signature would
     * have many accepted spellings (a token with {@code ~} appended still worked).
     */
    private static boolean isCanonicalCompactJws(String token) {
        String[] segments = token.split("\\.", -1);
        if (segments.length != 3) {
            return false;
        }
        for (String segment : segments) {
            try {
                if (!BASE64URL_UNPADDED
                        .encodeToString(BASE64URL.decode(segment))
                        .equals(segment)) {
                    return false;
                }
            } catch (IllegalArgumentException notBase64Url) {
                return false;
            }
        }
        return true;
    }

    private static TokenClaims toTokenClaims(JwtClaims claims) throws TokenRejectedException {
        try {
            String role = requiredString(claims, ClaimNames.ROLE);
            Object generation = claims.getClaimValue(ClaimNames.GENERATION);
            if (!(generation instanceof Long gen)) {
                throw new TokenRejectedException("token claim \"gen\" must be an integer");
            }
            Object allApps =
                    claims.hasClaim(ClaimNames.ALL_APPS) ? claims.getClaimValue(ClaimNames.ALL_APPS) : Boolean.FALSE;
            if (!(allApps instanceof Boolean all)) {
                throw new TokenRejectedException("token claim \"all_apps\" must be a boolean");
            }
            Selector selector = SharedSelectors.parse(requiredString(claims, ClaimNames.SELECTOR, true));
            NumericDate expiration = claims.getExpirationTime();
            return new TokenClaims(
                    claims.getJwtId(),
                    gen,
                    Role.fromWireName(role).orElseThrow(() -> new TokenRejectedException("token role is unknown")),
                    requiredString(claims, ClaimNames.REGION),
                    selector,
                    all,
                    instant(claims.getIssuedAt(), "iat"),
                    expiration == null ? null : instant(expiration, "exp"));
        } catch (MalformedClaimException e) {
            throw new TokenRejectedException("token has a claim of the wrong type");
        } catch (SelectorSyntaxException e) {
            throw new TokenRejectedException("token selector is malformed");
        } catch (IllegalArgumentException e) {
            throw new TokenRejectedException("token claims are invalid: " + e.getMessage());
        }
    }

    /**
     * The instant of a NumericDate claim. jose4j takes any number of seconds that fits a long, and
     * checks only that {@code exp} is not past; an {@link Instant} stops at the year 1000000000.
     * (A number beyond a long, such as {@code 1e400}, reads as {@code Long.MAX_VALUE}.)
     */
    private static Instant instant(NumericDate date, String name) throws TokenRejectedException {
        try {
            return Instant.ofEpochSecond(date.getValue());
        } catch (DateTimeException e) {
            throw new TokenRejectedException("token claim \"" + name + "\" is out of range");
        }
    }

    private static String requiredString(JwtClaims claims, String name)
            throws TokenRejectedException, MalformedClaimException {
        return requiredString(claims, name, false);
    }

    private static String requiredString(JwtClaims claims, String name, boolean mayBeEmpty)
            throws TokenRejectedException, MalformedClaimException {
        String value = claims.getStringClaimValue(name);
        if (value == null || (!mayBeEmpty && value.isEmpty())) {
            throw new TokenRejectedException("token claim \"" + name + "\" is missing");
        }
        return value;
    }

    /** Maps jose4j's findings to the short descriptions callers see. */
    private static String describe(InvalidJwtException e) {
        if (e.hasExpired()) {
            return "token expired";
        }
        if (causedBy(e, InvalidAlgorithmException.class)) {
            return "token algorithm not accepted";
        }
        if (causedBy(e, UnresolvableKeyException.class)) {
            return "token signed by an unknown key";
        }
        if (e.hasErrorCode(ErrorCodes.SIGNATURE_INVALID) || e.hasErrorCode(ErrorCodes.SIGNATURE_MISSING)) {
            return "token signature invalid";
        }
        if (e.hasErrorCode(ErrorCodes.TYPE_MISSING) || e.hasErrorCode(ErrorCodes.TYPE_INVALID)) {
            return "token type not accepted";
        }
        if (e.hasErrorCode(ErrorCodes.ISSUER_MISSING) || e.hasErrorCode(ErrorCodes.ISSUER_INVALID)) {
            return "token issuer not accepted";
        }
        if (e.hasErrorCode(ErrorCodes.AUDIENCE_MISSING) || e.hasErrorCode(ErrorCodes.AUDIENCE_INVALID)) {
            return "token audience not accepted";
        }
        if (e.hasErrorCode(ErrorCodes.NOT_YET_VALID)) {
            return "token not yet valid";
        }
        if (e.hasErrorCode(ErrorCodes.ISSUED_AT_INVALID_FUTURE)) {
            return "token issued in the future";
        }
        if (e.hasErrorCode(ErrorCodes.ISSUED_AT_INVALID_PAST)) {
            return "token issued too long ago";
        }
        if (expiresBeforeIssued(e)) {
            return "token expires before it was issued";
        }
        if (e.hasErrorCode(ErrorCodes.EXPIRATION_MISSING)) {
            return "token has no expiry";
        }
        if (e.hasErrorCode(ErrorCodes.EXPIRATION_TOO_FAR_IN_FUTURE)) {
            return "token expires later than the maximum lifetime allows";
        }
        if (e.hasErrorCode(ErrorCodes.JWT_ID_MISSING) || e.hasErrorCode(ErrorCodes.ISSUED_AT_MISSING)) {
            return "token lacks a required claim";
        }
        if (e.hasErrorCode(ErrorCodes.MALFORMED_CLAIM)) {
            return "token has a claim of the wrong type";
        }
        return "token malformed";
    }

    /**
     * jose4j reports an {@code exp} before the {@code iat} (an {@code iat} far in the future, say)
     * only as a miscellaneous error, so the claims, already signature-checked, are read again.
     */
    private static boolean expiresBeforeIssued(InvalidJwtException e) {
        JwtClaims claims = e.getJwtContext() == null ? null : e.getJwtContext().getJwtClaims();
        if (!e.hasErrorCode(ErrorCodes.MISCELLANEOUS) || claims == null) {
            return false;
        }
        try {
            NumericDate expiration = claims.getExpirationTime();
            NumericDate issuedAt = claims.getIssuedAt();
            return expiration != null && issuedAt != null && expiration.isBefore(issuedAt);
        } catch (MalformedClaimException malformed) {
            return false;
        }
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
