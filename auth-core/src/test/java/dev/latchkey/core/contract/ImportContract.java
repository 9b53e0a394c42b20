package dev.latchkey.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.core.InvalidCredentialsException;
import dev.latchkey.core.Latchkey;
import dev.latchkey.core.LoginResult;
import dev.latchkey.core.UserId;
import dev.latchkey.core.event.AuthEvent;
import dev.latchkey.core.session.SessionRepository;
import dev.latchkey.core.session.Usable;
import dev.latchkey.core.testing.Fixtures;
import dev.latchkey.core.testing.LegacyVectors;
import dev.latchkey.core.testing.LegacyVectors.Vector;
import dev.latchkey.core.testing.MutableClock;
import dev.latchkey.core.testing.Race;
import dev.latchkey.core.testing.RecordingListener;
import dev.latchkey.core.token.KeyRing;
import dev.latchkey.core.user.Registration;
import dev.latchkey.core.user.User;
import dev.latchkey.core.user.UserRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Users imported from another system, as an import writes them (with the hash that system wrote
 * and {@code legacyPassword} set), logging in through {@link Latchkey} on a store under test. An
 * adapter's test extends this class and supplies fresh repositories.
 */
public abstract class ImportContract {

    private static final int RACING_LOGINS = 16;

    private MutableClock clock;
    private UserRepository users;
    private SessionRepository sessions;
    private RecordingListener events;

    /** A new, empty user repository. */
    protected abstract UserRepository createUserRepository();

    /** A new, empty session repository over the users of {@link #createUserRepository()}. */
    protected abstract SessionRepository createSessionRepository();

    @BeforeEach
    void setUp() {
        clock = MutableClock.at("2026-11-24T10:00:00Z");
        users = createUserRepository();
        sessions = createSessionRepository();
        events = new RecordingListener();
    }

    private Latchkey latchkey(boolean rotation) {
        // Unthrottled: the races below log one account in from one address more often than the policy allows.
        return Latchkey.builder()
                .users(users)
                .sessions(sessions)
                .keys(KeyRing.hs256(Fixtures.SECRET))
                .config(Fixtures.unthrottledConfig().refreshTokenRotation(rotation).build())
                .clock(clock)
                .listener(events)
                .build();
    }

    /** Stores a user as an import does, with the hash the previous system wrote. */
    private User imported(String hash, boolean legacyPassword) {
        User user = new User(UserId.random(), "가져온 사용자", "imported-" + UUID.randomUUID() + "@example.com",
                "010-1234-5678", hash, true, clock.instant().minus(Duration.ofDays(400)), 0, legacyPassword);
        users.create(user);
        return user;
    }

    private LoginResult login(Latchkey latchkey, User user, String password) {
        return latchkey.login(user.email(), password, "Pixel 9", Fixtures.CLIENT);
    }

    static Stream<Vector> schemes() {
        return LegacyVectors.cheap().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("schemes")
    void sixteenRacingFirstLoginsOfAnImportedUserAllSucceedAndLeaveOneLatchkeyHash(Vector vector) throws Exception {
        Latchkey latchkey = latchkey(false);
        User user = imported(vector.hash(), true);

        List<LoginResult> logins = Race.run(RACING_LOGINS, i -> login(latchkey, user, vector.password()));

        assertThat(logins).hasSize(RACING_LOGINS).allSatisfy(login ->
                assertThat(latchkey.verify(login.accessToken().value()).userId()).isEqualTo(user.id()));
        assertThat(logins.stream().map(l -> l.session().id()).collect(Collectors.toSet())).hasSize(RACING_LOGINS);
        User upgraded = users.findById(user.id()).orElseThrow();
        assertThat(upgraded.passwordHash()).startsWith("$2b$04$").isNotEqualTo(vector.hash());
        assertThat(upgraded.legacyPassword()).isFalse();

        // The one hash left is current: the next login keeps it instead of replacing it again.
        assertThat(login(latchkey, user, vector.password())).isNotNull();
        assertThat(users.findById(user.id()).orElseThrow().passwordHash()).isEqualTo(upgraded.passwordHash());
        assertThatThrownBy(() -> login(latchkey, user, vector.password() + "x"))
                .isInstanceOf(InvalidCredentialsException.class);
        Instant now = clock.instant();
        assertThat(sessions.findUsable(user.id(), new Usable(now, Instant.MIN))).hasSize(RACING_LOGINS + 1);
    }

    @Test
    void anImportedUsersPasswordOver72BytesLogsInWholeAndOnceUpgradedItsFirst72BytesNoLonger() {
        Latchkey latchkey = latchkey(false);
        User user = imported(LegacyVectors.BCRYPT_OF_LONG_KOREAN, true);

        LoginResult first = login(latchkey, user, LegacyVectors.LONG_KOREAN);

        assertThat(first.user().id()).isEqualTo(user.id());
        User upgraded = users.findById(user.id()).orElseThrow();
        assertThat(upgraded.legacyPassword()).isFalse();
        assertThat(upgraded.passwordHash()).isNotEqualTo(LegacyVectors.BCRYPT_OF_LONG_KOREAN);
        assertThatThrownBy(() -> login(latchkey, user, "가".repeat(24)))
                .as("the first 72 bytes alone, once upgraded").isInstanceOf(InvalidCredentialsException.class);
        assertThatThrownBy(() -> login(latchkey, user, "가".repeat(24) + "다른끝"))
                .as("the first 72 bytes and another end, once upgraded")
                .isInstanceOf(InvalidCredentialsException.class);
        assertThat(login(latchkey, user, LegacyVectors.LONG_KOREAN)).isNotNull();
    }

    @Test
    void theSameBcryptHashWithoutTheLegacyFlagRefusesThePasswordOver72Bytes() {
        Latchkey latchkey = latchkey(false);
        User user = imported(LegacyVectors.BCRYPT_OF_LONG_KOREAN, false);

        assertThatThrownBy(() -> login(latchkey, user, LegacyVectors.LONG_KOREAN))
                .isInstanceOf(InvalidCredentialsException.class);
        assertThat(users.findById(user.id()).orElseThrow().passwordHash())
                .isEqualTo(LegacyVectors.BCRYPT_OF_LONG_KOREAN);
    }

    @Test
    void aUserWhoRegisteredWithAPasswordOver72BytesIsNeverCheckedOnItsFirst72Bytes() {
        Latchkey latchkey = latchkey(false);
        String email = "registered-" + UUID.randomUUID() + "@example.com";
        User user = latchkey.register(new Registration("새 사용자", email, null, LegacyVectors.LONG_KOREAN));

        assertThat(users.findById(user.id()).orElseThrow().legacyPassword()).isFalse();
        assertThat(login(latchkey, user, LegacyVectors.LONG_KOREAN)).isNotNull();
        assertThatThrownBy(() -> login(latchkey, user, "가".repeat(24))).isInstanceOf(InvalidCredentialsException.class);
        assertThatThrownBy(() -> login(latchkey, user, "가".repeat(24) + "다른끝"))
                .isInstanceOf(InvalidCredentialsException.class);
    }

    @Test
    void aWrongPasswordLeavesAnImportedUsersHashAndFlagAsTheyWere() {
        Latchkey latchkey = latchkey(false);
        Vector vector = LegacyVectors.PASSLIB.get(1);
        User user = imported(vector.hash(), true);

        assertThatThrownBy(() -> login(latchkey, user, "wrong-password"))
                .isInstanceOf(InvalidCredentialsException.class);

        assertThat(users.findById(user.id())).contains(user);
        assertThat(events.of(AuthEvent.LoginFailed.class)).singleElement()
                .satisfies(e -> assertThat(e.userId()).isEqualTo(user.id()));
    }
}
