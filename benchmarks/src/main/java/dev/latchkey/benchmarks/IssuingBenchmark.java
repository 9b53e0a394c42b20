package dev.latchkey.benchmarks;

import dev.latchkey.core.SessionId;
import dev.latchkey.core.UserId;
import dev.latchkey.core.internal.RefreshTokens;
import dev.latchkey.core.session.RefreshTokenHash;
import dev.latchkey.core.token.AccessTokenIssuer;
import dev.latchkey.core.token.IssuedAccessToken;
import dev.latchkey.core.token.KeyRing;
import dev.latchkey.core.token.SigningAlgorithm;
import dev.latchkey.core.token.TokenKey;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Signing access tokens, and making and hashing refresh tokens. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class IssuingBenchmark {

    private AccessTokenIssuer hs256;
    private AccessTokenIssuer es256;
    private RefreshTokens refreshTokens;
    private final UserId user = UserId.random();
    private final SessionId session = SessionId.random();
    private final Instant sessionEnd = Instant.now().plus(Duration.ofDays(7));

    @Setup
    public void setUp() {
        SecureRandom random = new SecureRandom();
        hs256 = new AccessTokenIssuer(KeyRing.hs256(Tokens.SECRET), Tokens.ISSUER, Tokens.AUDIENCE,
                Duration.ofMinutes(30), Clock.systemUTC());
        es256 = new AccessTokenIssuer(KeyRing.of(TokenKey.generate(SigningAlgorithm.ES256, "es", random)),
                Tokens.ISSUER, Tokens.AUDIENCE, Duration.ofMinutes(30), Clock.systemUTC());
        refreshTokens = new RefreshTokens(random, new byte[32]);
    }

    @Benchmark
    public IssuedAccessToken issueHs256() {
        return hs256.issue(user, session, sessionEnd);
    }

    @Benchmark
    public IssuedAccessToken issueEs256() {
        return es256.issue(user, session, sessionEnd);
    }

    /** 256 random bits as text, and the SHA-256 that storage keeps. */
    @Benchmark
    public RefreshTokenHash refreshTokenGenerateAndHash() {
        return RefreshTokenHash.of(refreshTokens.generate());
    }
}
