package dev.latchkey.benchmarks;

import at.favre.lib.crypto.bcrypt.BCrypt;
import dev.latchkey.core.internal.PasswordHasher;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Login's password check beside raw at.favre bcrypt at the same cost, and the unknown-email path
 * (a check against the dummy hash) that must cost the same.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PasswordBenchmark {

    @Param({"10"})
    public int cost;

    private static final String PASSWORD = "testpassword123";
    private PasswordHasher latchkey;
    private String hash;
    private byte[] rawHash;
    private BCrypt.Verifyer raw;

    @Setup
    public void setUp() {
        latchkey = new PasswordHasher(cost, new SecureRandom());
        hash = latchkey.hash(PASSWORD);
        rawHash = hash.getBytes(StandardCharsets.US_ASCII);
        raw = BCrypt.verifyer();
    }

    @Benchmark
    public boolean latchkeyVerify() {
        return latchkey.verify(PASSWORD, hash);
    }

    @Benchmark
    public void latchkeyUnknownEmail() {
        latchkey.checkDummy(PASSWORD);
    }

    @Benchmark
    public boolean rawBcryptVerify() {
        return raw.verify(PASSWORD.getBytes(StandardCharsets.UTF_8), rawHash).verified;
    }
}
