package dev.latchkey.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.core.Account;
import dev.latchkey.core.InvalidCredentialsException;
import dev.latchkey.core.InvalidTokenException;
import dev.latchkey.core.Latchkey;
import dev.latchkey.core.LoginResult;
import dev.latchkey.core.RefreshResult;
import dev.latchkey.core.SessionId;
import dev.latchkey.core.UserId;
import dev.latchkey.core.event.AuthEvent;
import dev.latchkey.core.session.EndReason;
import dev.latchkey.core.session.RefreshTokenHash;
import dev.latchkey.core.session.Session;
import dev.latchkey.core.session.SessionRepository;
import dev.latchkey.core.session.Usable;
import dev.latchkey.core.testing.Fixtures;
import dev.latchkey.core.testing.LegacyVectors;
import dev.latchkey.core.testing.LegacyVectors.Vector;
import dev.latchkey.core.testing.MutableClock;
import dev.latchkey.core.testing.Race;
import dev.latchkey.core.testing.RecordingListener;
import dev.latchkey.core.token.KeyRing;
import dev.latchkey.core.token.VerifiedAccessToken;
import dev.latchkey.core.user.Registration;
import dev.latchkey.core.user.RolesRevoked;
import dev.latchkey.core.user.User;
import dev.latchkey.core.user.UserRepository;
import dev.latchkey.core.user.UserSearch;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Users and sessions imported from another system, as an import writes them (the user with the
 * hash that system wrote and {@code legacyPassword} set; the session with the SHA-256 of the token
 * its client holds), logging in, refreshing and logging out through {@link Latchkey} on a store
 * under test. An adapter's test extends this class and supplies fresh repositories.
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

    /** Stores a session as an import does: only the SHA-256 of the token the client holds. */
    private Session importedSession(User user, String legacyToken) {
        Instant loggedIn = clock.instant().minus(Duration.ofDays(1));
        Session session = new Session(SessionId.random(), user.id(), RefreshTokenHash.of(legacyToken), "iPhone 15",
                "198.51.100.9", "Mozilla/5.0 (iPhone)", loggedIn, loggedIn, "198.51.100.9",
                loggedIn.plus(Duration.ofDays(7)), null, null);
        sessions.create(session);
        return session;
    }

    private LoginResult login(Latchkey latchkey, User user, String password) {
        return login(latchkey, user.email(), password);
    }

    private LoginResult login(Latchkey latchkey, Account account, String password) {
        return login(latchkey, account.email(), password);
    }

    private LoginResult login(Latchkey latchkey, String email, String password) {
        return latchkey.login(email, password, "Pixel 9", Fixtures.CLIENT);
    }

    static Stream<Vector> schemes() {
        return LegacyVectors.cheap().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("schemes")
    void sixteenRacingFirstLoginsOfAnImportedUserAllSucceedAndLeaveOneLatchkeyHash(Vector vector) throws Exception {
        CountingReplacements counting = new CountingReplacements(users);
        Latchkey latchkey = Latchkey.builder().users(counting).sessions(sessions).keys(KeyRing.hs256(Fixtures.SECRET))
                .config(Fixtures.unthrottledConfig().build()).clock(clock).build();
        User user = imported(vector.hash(), true);

        List<LoginResult> logins = Race.run(RACING_LOGINS, i -> login(latchkey, user, vector.password()));

        assertThat(counting.replaced).as("hash replacements that took effect").hasValue(1);
        assertThat(counting.attempts.get()).as("replacements tried").isBetween(1, RACING_LOGINS);

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

        assertThat(first.account().id()).isEqualTo(user.id());
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
        Account user = latchkey.register(new Registration("새 사용자", email, null, LegacyVectors.LONG_KOREAN));

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

    /** Tokens of the shapes another backend hands out. */
    static Stream<String> legacyTokens() {
        return Stream.of(
                // a JWT, as the replaced FastAPI backend issued refresh tokens
                "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI2ZjFjMmIxZS04ZjRlLTRhNTktOWEzOS0yZjRjMWIxZDBhMDEi"
                        + "LCJ0eXBlIjoicmVmcmVzaCIsImV4cCI6MTc5OTk5OTk5OX0.0fGxJ3m0yJ9Yp1pGq8eJtq6mM3QF0vYyqY2c8WvZ1kE",
                // a UUID, in upper case
                "6F1C2B1E-8F4E-4A59-9A39-2F4C1B1D0A01",
                // Python's secrets.token_hex(32)
                "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                // Python's secrets.token_urlsafe(32): the same shape as Latchkey's own
                "p5mJ8rjVq3xTQ0gYk6h4vWb1Nc2Ld7Ze9Fs0Ua3Ro8I",
                // the longest accepted: 4,096 printable ASCII characters, every one of them used
                longestToken());
    }

    private static String longestToken() {
        StringBuilder token = new StringBuilder();
        while (token.length() < 4096) {
            token.append((char) ('!' + token.length() % ('~' - '!' + 1)));
        }
        return token.toString();
    }

    @ParameterizedTest
    @MethodSource("legacyTokens")
    void withoutRotationAnImportedSessionRefreshesWithItsLegacyTokenAgainAndAgain(String token) {
        Latchkey latchkey = latchkey(false);
        User user = imported(LegacyVectors.BCRYPT_OF_LONG_KOREAN, true);
        Session session = importedSession(user, token);

        RefreshResult refreshed = latchkey.refresh(token, Fixtures.CLIENT);

        assertThat(refreshed.refreshToken()).isEmpty();
        assertThat(latchkey.verify(refreshed.accessToken().value()).sessionId()).isEqualTo(session.id());
        assertThat(refreshed.accessToken().expiresAt()).isBeforeOrEqualTo(session.expiresAt());
        clock.advance(Duration.ofHours(1));
        assertThat(latchkey.refresh(token, Fixtures.CLIENT).session().id()).isEqualTo(session.id());
        Session used = sessions.findById(session.id()).orElseThrow();
        assertThat(used.lastUsedAt()).isEqualTo(clock.instant());
        assertThat(used.lastIpAddress()).isEqualTo(Fixtures.CLIENT.ipAddress());
        assertThat(used.deviceName()).as("the imported device").isEqualTo("iPhone 15");
    }

    @ParameterizedTest
    @MethodSource("legacyTokens")
    void withRotationAnImportedSessionsLegacyTokenIsReplacedByALatchkeyTokenAndItsReplayIsReuse(String token) {
        Latchkey latchkey = latchkey(true);
        User user = imported(LegacyVectors.BCRYPT_OF_LONG_KOREAN, true);
        Session session = importedSession(user, token);

        RefreshResult first = latchkey.refresh(token, Fixtures.CLIENT);
        String successor = first.refreshToken().orElseThrow();
        assertThat(successor).matches("[A-Za-z0-9_-]{43}").isNotEqualTo(token);
        assertThat(latchkey.verify(first.accessToken().value()).sessionId()).isEqualTo(session.id());
        clock.advance(Duration.ofSeconds(5));
        assertThat(latchkey.refresh(token, Fixtures.CLIENT).refreshToken()).as("a retry in the grace period")
                .contains(successor);

        clock.advance(Duration.ofSeconds(30));
        RefreshResult next = latchkey.refresh(successor, Fixtures.CLIENT);
        assertThat(next.refreshToken()).isPresent().get().isNotEqualTo(successor);
        assertThatThrownBy(() -> latchkey.refresh(token, Fixtures.CLIENT))
                .isInstanceOfSatisfying(InvalidTokenException.class,
                        e -> assertThat(e.reason()).isEqualTo(InvalidTokenException.Reason.REVOKED));
        assertThat(sessions.findById(session.id()).orElseThrow().endReason()).isEqualTo(EndReason.REFRESH_TOKEN_REUSE);
    }

    @Test
    void logoutEndsTheImportedSessionItsLegacyTokenNames() {
        Latchkey latchkey = latchkey(false);
        Vector vector = LegacyVectors.ARGON2_LIBRARIES.get(2);
        User user = imported(vector.hash(), true);
        String token = legacyTokens().findFirst().orElseThrow();
        Session phone = importedSession(user, token);
        LoginResult laptop = login(latchkey, user, vector.password());

        latchkey.logout(latchkey.verify(laptop.accessToken().value()), token);

        assertThat(sessions.findById(phone.id()).orElseThrow().endReason()).isEqualTo(EndReason.LOGOUT);
        assertThat(sessions.findById(laptop.session().id()).orElseThrow().endReason()).isEqualTo(EndReason.LOGOUT);
        assertThatThrownBy(() -> latchkey.refresh(token, Fixtures.CLIENT)).isInstanceOf(InvalidTokenException.class);
    }

    @Test
    void anImportedUserWhoNeverLoggedInHereChangesThePasswordOver72BytesFromAnImportedSession() {
        Latchkey latchkey = latchkey(false);
        User user = imported(LegacyVectors.BCRYPT_OF_LONG_KOREAN, true);
        String token = "6F1C2B1E-8F4E-4A59-9A39-2F4C1B1D0A01";
        importedSession(user, token);
        VerifiedAccessToken caller = latchkey.verify(latchkey.refresh(token, Fixtures.CLIENT).accessToken().value());

        latchkey.changePassword(caller, LegacyVectors.LONG_KOREAN, "a-brand-new-passphrase", Fixtures.CLIENT);

        assertThat(users.findById(user.id()).orElseThrow().legacyPassword()).isFalse();
        assertThat(login(latchkey, user, "a-brand-new-passphrase")).isNotNull();
        assertThatThrownBy(() -> login(latchkey, user, LegacyVectors.LONG_KOREAN))
                .isInstanceOf(InvalidCredentialsException.class);
    }

    @Test
    void aTokenOfAnotherShapeOpensNoSessionLatchkeyMade() {
        Latchkey latchkey = latchkey(false);
        String email = "own-" + UUID.randomUUID() + "@example.com";
        latchkey.register(Fixtures.registration(email));
        LoginResult own = latchkey.login(email, Fixtures.PASSWORD, null, Fixtures.CLIENT);
        String token = own.refreshToken();
        User importedUser = imported(LegacyVectors.BCRYPT_OF_LONG_KOREAN, true);
        String legacyToken = legacyTokens().findFirst().orElseThrow();
        Session imported = importedSession(importedUser, legacyToken);

        // The store finds a session only by the hash of the exact string: every near miss of a
        // Latchkey token is another string, another hash, and no session.
        Set<String> nearMisses = Set.of(token + "=", token + ".", "." + token, token + token, token.substring(1),
                token.replace('-', '+').replace('_', '/') + "x", token.toUpperCase(java.util.Locale.ROOT) + "!",
                legacyToken + "." + token, token + "\"", "Bearer." + token);
        for (String presented : nearMisses) {
            assertThat(sessions.findByTokenHash(RefreshTokenHash.of(presented))).as(presented).isEmpty();
            assertThatThrownBy(() -> latchkey.refresh(presented, Fixtures.CLIENT)).as(presented)
                    .isInstanceOfSatisfying(InvalidTokenException.class,
                            e -> assertThat(e.reason()).isEqualTo(InvalidTokenException.Reason.UNKNOWN));
        }
        assertThat(latchkey.refresh(token, Fixtures.CLIENT).session().id()).isEqualTo(own.session().id());
        assertThat(latchkey.refresh(legacyToken, Fixtures.CLIENT).session().id()).isEqualTo(imported.id());
    }

    /** The store under test, counting the password-hash replacements tried and those that took effect. */
    private static final class CountingReplacements implements UserRepository {
        private final UserRepository store;
        private final AtomicInteger attempts = new AtomicInteger();
        private final AtomicInteger replaced = new AtomicInteger();

        CountingReplacements(UserRepository store) {
            this.store = store;
        }

        @Override
        public boolean replacePasswordHash(UserId id, String expectedHash, String newHash) {
            attempts.incrementAndGet();
            boolean done = store.replacePasswordHash(id, expectedHash, newHash);
            if (done) {
                replaced.incrementAndGet();
            }
            return done;
        }

        @Override
        public void create(User user) {
            store.create(user);
        }

        @Override
        public Optional<User> findByEmail(String email) {
            return store.findByEmail(email);
        }

        @Override
        public Optional<User> findById(UserId id) {
            return store.findById(id);
        }

        @Override
        public boolean advanceSessionEpoch(UserId id) {
            return store.advanceSessionEpoch(id);
        }

        @Override
        public boolean setActive(UserId id, boolean active) {
            return store.setActive(id, active);
        }

        @Override
        public boolean markEmailVerified(UserId id, String email) {
            return store.markEmailVerified(id, email);
        }

        @Override
        public Optional<User> changeEmail(UserId id, String newEmail) {
            return store.changeEmail(id, newEmail);
        }

        @Override
        public Optional<User> grantRole(UserId id, String role) {
            return store.grantRole(id, role);
        }

        @Override
        public Optional<User> removeRole(UserId id, String role, Instant now) {
            return store.removeRole(id, role, now);
        }

        @Override
        public List<RolesRevoked> findRolesRevokedSince(Instant since, int limit) {
            return store.findRolesRevokedSince(since, limit);
        }

        @Override
        public List<User> search(UserSearch search, long offset, int limit) {
            return store.search(search, offset, limit);
        }

        @Override
        public long count(UserSearch search) {
            return store.count(search);
        }
    }
}
