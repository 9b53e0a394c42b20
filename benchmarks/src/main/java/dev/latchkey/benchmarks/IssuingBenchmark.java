package dev.latchkey.benchmarks;

import dev.latchkey.core.RefreshResult;
import dev.latchkey.core.session.RefreshTokenHash;
import dev.latchkey.core.token.KeyRing;
import dev.latchkey.core.token.SigningAlgorithm;
import dev.latchkey.core.token.TokenKey;
import java.security.SecureRandom;
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

/**
 * Issuing access tokens as a host does: a refresh (without rotation) over in-memory stores, which
 * hashes the refresh token, records the session's use and signs a new access token; and the
 * SHA-256 of a refresh token that every refresh and logout computes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class IssuingBenchmark {

    private Tokens hs256;
    private Tokens es256;

    @Setup
    public void setUp() {
        hs256 = Tokens.over(KeyRing.hs256(Tokens.SECRET));
        es256 = Tokens.over(KeyRing.of(TokenKey.generate(SigningAlgorithm.ES256, "es", new SecureRandom())));
    }

    @Benchmark
    public RefreshResult refreshHs256() {
        return hs256.latchkey().refresh(hs256.refreshToken(), Tokens.CLIENT);
    }

    @Benchmark
    public RefreshResult refreshEs256() {
        return es256.latchkey().refresh(es256.refreshToken(), Tokens.CLIENT);
    }

    /** The SHA-256 that storage keeps of a presented refresh token. */
    @Benchmark
    public RefreshTokenHash refreshTokenHash() {
        return RefreshTokenHash.of(hs256.refreshToken());
    }
}
