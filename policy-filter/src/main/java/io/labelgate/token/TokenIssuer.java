package io.labelgate.token;

import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

import java.util.Objects;

/**
 * Mints labelgate tokens: compact JWS signed with a {@link SigningKey}, typed
 * {@value ClaimNames#TYPE}, carrying the claims {@link JwtTokenVerifier} requires.
 */
public final class TokenIssuer {

    private final SigningKey key;
    private final String issuer;
    private final String audience;

    public TokenIssuer(SigningKey key, String issuer, String audience) {
        this.key = Objects.requireNonNull(key, "key");
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.audience = Objects.requireNonNull(audience, "audience");
    }

    /** An issuer with the issuer and audience of these settings. */
    public TokenIssuer(SigningKey key, JwtSettings settings) {
        this(key, settings.issuer(), settings.audience());
    }

    /** The token string for these claims. The caller shows it once and never stores it. */
    public String issue(TokenClaims token) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(issuer);
        claims.setAudience(audience);
        claims.setJwtId(token.id());
        claims.setIssuedAt(NumericDate.fromSeconds(token.issuedAt().getEpochSecond()));
        token.expiry().ifPresent(expiry -> claims.setExpirationTime(NumericDate.fromSeconds(expiry.getEpochSecond())));
        claims.setClaim(ClaimNames.GENERATION, token.generation());
        claims.setClaim(ClaimNames.ROLE, token.role().wireName());
        claims.setClaim(ClaimNames.REGION, token.region());
        claims.setClaim(ClaimNames.SELECTOR, token.selector().toString());
        if (token.allApps()) {
            claims.setClaim(ClaimNames.ALL_APPS, true);
        }
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key.privateKey());
        jws.setKeyIdHeaderValue(key.keyId());
        jws.setAlgorithmHeaderValue(key.algorithm());
        jws.setHeader("typ", ClaimNames.TYPE);
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException("cannot sign token " + token.id() + " with " + key, e);
        }
    }
}
