package io.labelgate.token;

import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/** Builds JWS strings by hand, including ones labelgate's issuer would never make. */
final class TestJws {

    private TestJws() {}

    /** Claims of a valid read token for group=A in GRA, issued a minute ago, expiring in an hour. */
    static JwtClaims validClaims() {
        long now = Instant.now().getEpochSecond();
        JwtClaims claims = new JwtClaims();
        claims.setIssuer("labelgate");
        claims.setAudience("labelgate");
        claims.setJwtId("tok-1");
        claims.setIssuedAt(NumericDate.fromSeconds(now - 60));
        claims.setExpirationTime(NumericDate.fromSeconds(now + 3600));
        claims.setClaim(ClaimNames.GENERATION, 1);
        claims.setClaim(ClaimNames.ROLE, "read");
        claims.setClaim(ClaimNames.REGION, "GRA");
        claims.setClaim(ClaimNames.SELECTOR, "group=A");
        return claims;
    }

    /** Seconds since the epoch, now plus an offset. */
    static NumericDate inSeconds(long offset) {
        return NumericDate.fromSeconds(Instant.now().getEpochSecond() + offset);
    }

    /** Signs claims with a key, its kid and algorithm, and this {@code typ} (none when null). */
    static String sign(SigningKey key, String typ, JwtClaims claims) {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key.privateKey());
        jws.setKeyIdHeaderValue(key.keyId());
        jws.setAlgorithmHeaderValue(key.algorithm());
        if (typ != null) {
            jws.setHeader("typ", typ);
        }
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Signs claims the way labelgate does. */
    static String sign(SigningKey key, JwtClaims claims) {
        return sign(key, ClaimNames.TYPE, claims);
    }

    static String base64Url(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
