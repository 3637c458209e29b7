package io.labelgate.benchmarks;

import io.labelgate.token.CachingTokenVerifier;
import io.labelgate.token.JwtSettings;
import io.labelgate.token.JwtTokenVerifier;
import io.labelgate.token.SigningKey;
import io.labelgate.token.TokenClaims;
import io.labelgate.token.TokenIssuer;
import io.labelgate.token.TokenRejectedException;
import io.labelgate.token.VerificationKeys;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Clock;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * One token verification per algorithm: jose4j's signature and claims checks
 * ({@link JwtTokenVerifier}), and the steady state most requests meet, a hit in
 * {@link CachingTokenVerifier} (a SHA-256 of the token string and a cache lookup).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(1)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class TokenVerificationBenchmark {

    /** The signing algorithm: labelgate's default RSA, and the two elliptic-curve ones it accepts. */
    @Param({"RS256", "ES256", "EdDSA"})
    public String algorithm;

    private String token;
    private JwtTokenVerifier uncached;
    private CachingTokenVerifier cached;

    @Setup(Level.Trial)
    public void setUp() throws TokenRejectedException {
        SigningKey key = SigningKey.generate(algorithm);
        JwtSettings defaults = JwtSettings.defaults();
        JwtSettings settings = new JwtSettings(
                defaults.issuer(),
                defaults.audience(),
                Set.of(algorithm),
                defaults.clockSkew(),
                defaults.requireExpiry());
        token = new TokenIssuer(key, settings).issue(Fixtures.readToken());
        uncached = new JwtTokenVerifier(
                settings, VerificationKeys.builder().signingKey(key).build());
        cached = new CachingTokenVerifier(
                uncached, Fixtures.CACHE_SIZE, Fixtures.TOKEN_CACHE_MAX_AGE, Clock.systemUTC());
        // verifies once, so a token the settings refuse fails the trial instead of timing a refusal
        cached.verify(token);
    }

    @Benchmark
    public TokenClaims verifyUncached() throws TokenRejectedException {
        return uncached.verify(token);
    }

    @Benchmark
    public TokenClaims verifyCachedHit() throws TokenRejectedException {
        return cached.verify(token);
    }
}
