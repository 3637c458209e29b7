package io.labelgate.benchmarks;

import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.lang.JoseException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Tokens for the benchmark's MicroProfile JWT peer: what its users would present, signed the way
 * labelgate's demo key signs (RS256, RSA 2048), so that the two are compared on the same
 * cryptography.
 */
final class PeerTokens {

    private PeerTokens() {}

    /** Writes the key's public half to {@code publicKeyOut} (PEM) and returns {@code count} tokens. */
    static List<String> write(String issuer, Path publicKeyOut, int count) throws IOException, JoseException {
        RsaJsonWebKey key = RsaJwkGenerator.generateJwk(2048);
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'})
                        .encodeToString(key.getPublicKey().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        Files.writeString(publicKeyOut, pem);
        List<String> tokens = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            JwtClaims claims = new JwtClaims();
            claims.setIssuer(issuer);
            claims.setSubject("benchmark-" + i);
            claims.setClaim("upn", "benchmark-" + i);
            claims.setStringListClaim("groups", List.of("read"));
            claims.setIssuedAtToNow();
            claims.setExpirationTimeMinutesInTheFuture(24 * 60);
            claims.setGeneratedJwtId();
            JsonWebSignature jws = new JsonWebSignature();
            jws.setPayload(claims.toJson());
            jws.setKey(key.getPrivateKey());
            jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
            jws.setHeader("typ", "JWT");
            tokens.add(jws.getCompactSerialization());
        }
        return tokens;
    }
}
