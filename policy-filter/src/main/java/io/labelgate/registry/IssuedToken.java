package io.labelgate.registry;

import java.util.Objects;

/**
 * A token and the one string that carries it, returned once by create and regenerate.
 * {@link #toString()} never shows the string.
 *
 * @param token       the stored metadata
 * @param tokenString the bearer string; shown to the caller once, never stored
 */
public record IssuedToken(TokenRecord token, String tokenString) {

    public IssuedToken {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(tokenString, "tokenString");
    }

    @Override
    public String toString() {
        return "IssuedToken[id=" + token.id() + ", generation=" + token.generation() + "]";
    }
}
