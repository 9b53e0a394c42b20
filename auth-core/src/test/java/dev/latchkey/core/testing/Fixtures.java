package dev.latchkey.core.testing;

import dev.latchkey.core.ClientInfo;
import dev.latchkey.core.Latchkey;
import dev.latchkey.core.LatchkeyConfig;
import dev.latchkey.core.SessionId;
import dev.latchkey.core.UserId;
import dev.latchkey.core.memory.InMemorySessionRepository;
import dev.latchkey.core.memory.InMemoryUserRepository;
import dev.latchkey.core.session.RefreshTokenHash;
import dev.latchkey.core.session.Session;
import dev.latchkey.core.throttle.ThrottlePolicy;
import dev.latchkey.core.user.Registration;
import dev.latchkey.core.user.User;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/** Test values shared by the suites. */
public final class Fixtures {

    /** A secret of 32 ASCII bytes: an obvious test value. */
    public static final String SECRET = "test-secret-key-0123456789abcdef";
    /** The guide's test user's password. */
    public static final String PASSWORD = "testpassword123";
    /** A client as the servlet layer would describe it. */
    public static final ClientInfo CLIENT = new ClientInfo("203.0.113.7", "Mozilla/5.0 (Test)");

    private Fixtures() {
    }

    /** The defaults with the cheapest bcrypt cost, so suites stay fast. */
    public static LatchkeyConfig.Builder fastConfig() {
        return LatchkeyConfig.builder().bcryptCost(4);
    }

    /**
     * {@link #fastConfig()} with throttles no suite reaches: for suites that send thousands of
     * attempts from one address and test something else.
     */
    public static LatchkeyConfig.Builder unthrottledConfig() {
        ThrottlePolicy unbounded = new ThrottlePolicy(1_000_000, Duration.ofSeconds(1));
        return fastConfig().accountAddressThrottle(unbounded).accountThrottle(unbounded).addressThrottle(unbounded)
                .registrationThrottle(unbounded).recoveryThrottle(unbounded).recoveryAddressThrottle(unbounded);
    }

    /** The guide's registration body. */
    public static Registration guideRegistration() {
        return new Registration("테스트 사용자", "test@example.com", "010-1234-5678", PASSWORD);
    }

    /** A registration with a unique email. */
    public static Registration registration(String email) {
        return new Registration("Test User", email, null, PASSWORD);
    }

    /** A stored-user record with a unique email (the hash is a real bcrypt hash of "password"). */
    public static User user(String email, Instant createdAt) {
        return new User(UserId.random(), "테스트 사용자", email, "010-1234-5678",
                "$2b$04$qb8V5SEKODwFLZZZMfcUKuJZu5X6nWVkIhcJ/IPEPrrRipRss43Lq", true, createdAt, 0);
    }

    /** A refresh token hash unlike any other. */
    public static RefreshTokenHash randomHash() {
        return RefreshTokenHash.of(UUID.randomUUID().toString());
    }

    /** A new session of a user, created now and living for {@code lifetime}. */
    public static Session session(UserId userId, Instant now, Duration lifetime) {
        return new Session(SessionId.random(), userId, randomHash(), "Galaxy S24", "203.0.113.7",
                "Mozilla/5.0 (Linux; Android 14)", now, now, "203.0.113.7", now.plus(lifetime), null, null);
    }

    /**
     * What Latchkey fed bcrypt for a password over 72 bytes before the reduced form was made
     * impossible to type: the bare base64 of its SHA-384.
     */
    public static String olderReducedForm(String password) {
        try {
            return Base64.getEncoder().encodeToString(
                    MessageDigest.getInstance("SHA-384").digest(password.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A Latchkey builder over new, empty in-memory stores (keys and the rest still to set). */
    public static Latchkey.Builder inMemoryLatchkey() {
        InMemoryUserRepository users = new InMemoryUserRepository();
        return Latchkey.builder().users(users).sessions(new InMemorySessionRepository(users));
    }
}
