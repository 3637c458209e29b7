package io.labelgate.console;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.labelgate.registry.ExpiryWarning;
import io.labelgate.registry.TokenRecord;

import java.time.Instant;

/**
 * A token as the API shows it; {@code token} only in create and regenerate answers.
 * {@code expiringSoon}: it expires within the warning window ({@link ExpiryWarning}), not yet.
 */
record TokenView(
        String id,
        String name,
        String selector,
        boolean allApps,
        String role,
        String region,
        long generation,
        String createdAt,
        String expiresAt,
        String lastUsedAt,
        boolean expiringSoon,
        @JsonInclude(JsonInclude.Include.NON_NULL) String token) {

    static TokenView of(TokenRecord token, String string, ExpiryWarning warning, Instant now) {
        return new TokenView(
                token.id(),
                token.name(),
                token.selector().toString(),
                token.allApps(),
                token.role().wireName(),
                token.region(),
                token.generation(),
                token.createdAt().toString(),
                text(token.expiresAt()),
                text(token.lastUsedAt()),
                warning.expiringSoon(token, now),
                string);
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
