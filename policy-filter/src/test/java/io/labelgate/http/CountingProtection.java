package io.labelgate.http;

import io.labelgate.app.AppIdentity;
import io.labelgate.decision.Decision;
import io.labelgate.decision.DecisionEngine;
import io.labelgate.token.JwtSettings;
import io.labelgate.token.JwtTokenVerifier;
import io.labelgate.token.SigningKey;
import io.labelgate.token.VerificationKeys;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** For tests: the protection of app {@code ai-app} that allows every valid token and counts its decisions. */
public final class CountingProtection {

    private CountingProtection() {}

    /** Tokens signed by {@code key} are verified; every decision is an allow, counted in {@code decisions}. */
    public static Protection allowingEveryToken(SigningKey key, AppIdentity app, AtomicInteger decisions) {
        DecisionEngine counting = input -> {
            decisions.incrementAndGet();
            return new Decision(true, List.of());
        };
        JwtTokenVerifier verifier = new JwtTokenVerifier(
                JwtSettings.defaults(),
                VerificationKeys.builder().signingKey(key).build());
        return new Protection(
                new ProtectionPipeline(
                        new AuthorizationHeaderResolver(), verifier, app, ActionClassifier.allReads(), counting),
                "ai-app");
    }
}
