package dev.latchkey.benchmarks;

import at.favre.lib.crypto.bcrypt.BCrypt;
import dev.latchkey.core.InvalidCredentialsException;
import dev.latchkey.core.Latchkey;
import dev.latchkey.core.LatchkeyConfig;
import dev.latchkey.core.LoginResult;
import dev.latchkey.core.memory.InMemorySessionRepository;
import dev.latchkey.core.memory.InMemoryUserRepository;
import dev.latchkey.core.token.KeyRing;
import dev.latchkey.core.user.Registration;
import dev.latchkey.core.user.User;
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
 * A whole login (password check, session, tokens) over in-memory stores beside raw at.favre bcrypt
 * at the same cost; and the unknown-email path (a check against a dummy hash) and a wrong password,
 * which must cost the same. No throttle, so that failures are checked rather than refused.
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
    private Latchkey latchkey;
    private byte[] rawHash;
    private BCrypt.Verifyer raw;

    @Setup
    public void setUp() {
        InMemoryUserRepository users = new InMemoryUserRepository();
        latchkey = Latchkey.builder()
                .users(users)
                .sessions(new InMemorySessionRepository(users))
                .keys(KeyRing.hs256(Tokens.SECRET))
                .config(LatchkeyConfig.builder().bcryptCost(cost).build())
                .random(new SecureRandom())
                .throttle(new NoThrottle())
                .build();
        latchkey.register(new Registration("Bench", Tokens.EMAIL, null, PASSWORD));
        User stored = users.findByEmail(Tokens.EMAIL).orElseThrow();
        rawHash = stored.passwordHash().getBytes(StandardCharsets.US_ASCII);
        raw = BCrypt.verifyer();
    }

    @Benchmark
    public LoginResult latchkeyLogin() {
        return latchkey.login(Tokens.EMAIL, PASSWORD, "bench", Tokens.CLIENT);
    }

    @Benchmark
    public boolean latchkeyWrongPassword() {
        return refused(Tokens.EMAIL, "wrong-password");
    }

    @Benchmark
    public boolean latchkeyUnknownEmail() {
        return refused("nobody@example.com", PASSWORD);
    }

    private boolean refused(String email, String password) {
        try {
            latchkey.login(email, password, "bench", Tokens.CLIENT);
            return false;
        } catch (InvalidCredentialsException expected) {
            return true;
        }
    }

    @Benchmark
    public boolean rawBcryptVerify() {
        return raw.verify(PASSWORD.getBytes(StandardCharsets.UTF_8), rawHash).verified;
    }
}
