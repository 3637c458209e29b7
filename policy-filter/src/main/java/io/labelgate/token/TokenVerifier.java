package io.labelgate.token;

/** Verifies a token string and returns what it says; throws when it is not acceptable. */
@FunctionalInterface
public interface TokenVerifier {

    /**
     * @param token the compact JWS the caller presented
     * @return the verified claims
     * @throws TokenRejectedException when the token is malformed, badly signed, expired or otherwise unacceptable
     */
    TokenClaims verify(String token) throws TokenRejectedException;
}
