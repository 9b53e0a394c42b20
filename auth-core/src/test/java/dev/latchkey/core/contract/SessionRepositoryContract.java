package dev.latchkey.core.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.core.SessionId;
import dev.latchkey.core.UserId;
import dev.latchkey.core.session.EndReason;
import dev.latchkey.core.session.EndedSession;
import dev.latchkey.core.session.RefreshTokenHash;
import dev.latchkey.core.session.Session;
import dev.latchkey.core.session.SessionRepository;
import dev.latchkey.core.session.TokenMatch;
import dev.latchkey.core.session.Usable;
import dev.latchkey.core.session.UsedSession;
import dev.latchkey.core.testing.Fixtures;
import dev.latchkey.core.testing.Race;
import dev.latchkey.core.user.User;
import dev.latchkey.core.user.UserRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link SessionRepository} must do: store, find, and make each conditional write
 * atomic. An adapter's test extends this class; sessions belong to users, so it also supplies the
 * user repository they are stored beside.
 */
public abstract class SessionRepositoryContract {

    /** Instants a store must keep exactly: whole milliseconds. */
    protected static final Instant NOW = Instant.parse("2026-11-24T10:00:00.123Z");
    private static final Duration WEEK = Duration.ofDays(7);
    private static final Usable USABLE_NOW = new Usable(NOW, Instant.MIN);

    private SessionRepository sessions;
    private UserRepository users;

    /** A new, empty session repository. */
    protected abstract SessionRepository createSessionRepository();

    /** The user repository that the session repository's users live in. */
    protected abstract UserRepository userRepositoryForSessions();

    @BeforeEach
    void createRepositories() {
        sessions = createSessionRepository();
        users = userRepositoryForSessions();
    }

    private UserId newUser() {
        User user = Fixtures.user("s-" + java.util.UUID.randomUUID() + "@example.com", NOW);
        users.create(user);
        return user.id();
    }

    private Session newSession(UserId userId, Instant createdAt) {
        Session session = Fixtures.session(userId, createdAt, WEEK);
        sessions.create(session);
        return session;
    }

    @Test
    void aCreatedSessionIsFoundByIdAndByItsCurrentTokenHash() {
        Session session = newSession(newUser(), NOW);

        assertThat(sessions.findById(session.id())).contains(session);
        assertThat(sessions.findByTokenHash(session.refreshTokenHash())).contains(new TokenMatch.Current(session));
    }

    @Test
    void deviceFieldsArriveAsTheyWereStoredIncludingAbsentOnes() {
        UserId user = newUser();
        Session session = new Session(SessionId.random(), user, Fixtures.randomHash(), null, "2001:db8::1", null, NOW,
                NOW, "2001:db8::1", NOW.plus(WEEK), null, null);
        sessions.create(session);
        Session korean = new Session(SessionId.random(), user, Fixtures.randomHash(), "갤럭시 S24", "198.51.100.4",
                "Mozilla/5.0 (Linux; Android 14)", NOW, NOW, "198.51.100.4", NOW.plus(WEEK), null, null);
        sessions.create(korean);

        assertThat(sessions.findById(session.id())).contains(session);
        assertThat(sessions.findById(korean.id())).contains(korean);
    }

    @Test
    void unknownIdsAndHashesFindNothing() {
        assertThat(sessions.findById(SessionId.random())).isEmpty();
        assertThat(sessions.findByTokenHash(Fixtures.randomHash())).isEmpty();
    }

    @Test
    void touchRecordsTheUseAndItsAddress() {
        Session session = newSession(newUser(), NOW);
        Instant later = NOW.plus(Duration.ofHours(1));

        Optional<Session> touched = sessions.touch(session.refreshTokenHash(), new Usable(later, Instant.MIN),
                "198.51.100.9").map(UsedSession::session);

        assertThat(touched).isPresent();
        assertThat(touched.get().lastUsedAt()).isEqualTo(later);
        assertThat(touched.get().lastIpAddress()).isEqualTo("198.51.100.9");
        assertThat(touched.get().ipAddress()).isEqualTo(session.ipAddress());
        assertThat(sessions.findById(session.id())).isEqualTo(touched);
    }

    @Test
    void touchAndRotateReadTheUsersRolesAndVersionInTheSameStep() {
        UserId user = newUser();
        users.grantRole(user, "admin");
        users.grantRole(user, "editor");
        users.removeRole(user, "editor", NOW);
        Session session = newSession(user, NOW);

        UsedSession touched = sessions.touch(session.refreshTokenHash(), USABLE_NOW, "198.51.100.9").orElseThrow();
        assertThat(touched.roles()).containsExactly("admin");
        assertThat(touched.rolesVersion()).isEqualTo(1);

        users.grantRole(user, "support");
        UsedSession rotated = sessions.rotate(session.refreshTokenHash(), Fixtures.randomHash(), USABLE_NOW,
                "198.51.100.9").orElseThrow();
        assertThat(rotated.roles()).containsExactly("admin", "support");
        assertThat(rotated.rolesVersion()).isEqualTo(1);
        assertThat(rotated.session().id()).isEqualTo(session.id());
    }

    @Test
    void touchRefusesAnEndedSession() {
        Session session = newSession(newUser(), NOW);
        sessions.end(session.id(), NOW, EndReason.LOGOUT);

        assertThat(sessions.touch(session.refreshTokenHash(), USABLE_NOW, "198.51.100.9")).isEmpty();
    }

    @Test
    void touchRefusesASessionAtOrPastItsExpiry() {
        Session session = newSession(newUser(), NOW);

        assertThat(sessions.touch(session.refreshTokenHash(), new Usable(session.expiresAt(), Instant.MIN), "198.51.100.1"))
                .isEmpty();
        assertThat(sessions.touch(session.refreshTokenHash(),
                new Usable(session.expiresAt().minusMillis(1), Instant.MIN), "198.51.100.9")).isPresent();
    }

    @Test
    void touchRefusesASessionIdleSinceBeforeTheCutoff() {
        Session session = newSession(newUser(), NOW);

        assertThat(sessions.touch(session.refreshTokenHash(), new Usable(NOW, NOW.plusMillis(1)), "198.51.100.1")).isEmpty();
        assertThat(sessions.touch(session.refreshTokenHash(), new Usable(NOW, NOW), "198.51.100.9")).isPresent();
    }

    @Test
    void touchAndRotateRefuseASessionWhoseUserIsInactiveAndNothingChanges() {
        UserId user = newUser();
        Session session = newSession(user, NOW);
        users.setActive(user, false);

        assertThat(sessions.touch(session.refreshTokenHash(), USABLE_NOW, "198.51.100.9")).isEmpty();
        assertThat(sessions.rotate(session.refreshTokenHash(), Fixtures.randomHash(), USABLE_NOW, "198.51.100.9"))
                .isEmpty();
        assertThat(sessions.findById(session.id())).contains(session);

        users.setActive(user, true);
        assertThat(sessions.touch(session.refreshTokenHash(), USABLE_NOW, "198.51.100.9")).isPresent();
    }

    @Test
    void rotateReplacesTheTokenAndRemembersTheOldOne() {
        Session session = newSession(newUser(), NOW);
        RefreshTokenHash next = Fixtures.randomHash();
        Instant later = NOW.plusSeconds(60);

        Optional<Session> rotated = sessions.rotate(session.refreshTokenHash(), next, new Usable(later, Instant.MIN),
                "198.51.100.9").map(UsedSession::session);

        assertThat(rotated).isPresent();
        assertThat(rotated.get().refreshTokenHash()).isEqualTo(next);
        assertThat(rotated.get().lastUsedAt()).isEqualTo(later);
        assertThat(rotated.get().expiresAt()).as("rotation never extends a session").isEqualTo(session.expiresAt());
        assertThat(sessions.findByTokenHash(next)).contains(new TokenMatch.Current(rotated.get()));
        assertThat(sessions.findByTokenHash(session.refreshTokenHash()))
                .contains(new TokenMatch.Replaced(rotated.get(), later));
    }

    @Test
    void aReplacedTokenCannotBeRotatedOrTouchedAgain() {
        Session session = newSession(newUser(), NOW);
        sessions.rotate(session.refreshTokenHash(), Fixtures.randomHash(), USABLE_NOW, "198.51.100.1");

        assertThat(sessions.rotate(session.refreshTokenHash(), Fixtures.randomHash(), USABLE_NOW, "198.51.100.1")).isEmpty();
        assertThat(sessions.touch(session.refreshTokenHash(), USABLE_NOW, "198.51.100.1")).isEmpty();
    }

    @Test
    void everyReplacedTokenOfASessionIsRemembered() {
        Session session = newSession(newUser(), NOW);
        RefreshTokenHash second = Fixtures.randomHash();
        RefreshTokenHash third = Fixtures.randomHash();
        sessions.rotate(session.refreshTokenHash(), second, USABLE_NOW, "198.51.100.1");
        sessions.rotate(second, third, new Usable(NOW.plusSeconds(1), Instant.MIN), "198.51.100.1");

        assertThat(sessions.findByTokenHash(session.refreshTokenHash()).orElseThrow())
                .isInstanceOf(TokenMatch.Replaced.class);
        assertThat(((TokenMatch.Replaced) sessions.findByTokenHash(second).orElseThrow()).replacedAt())
                .isEqualTo(NOW.plusSeconds(1));
        assertThat(sessions.findByTokenHash(third).orElseThrow()).isInstanceOf(TokenMatch.Current.class);
    }

    @Test
    void rotateRefusesAnEndedSession() {
        Session session = newSession(newUser(), NOW);
        sessions.end(session.id(), NOW, EndReason.REVOKED);

        assertThat(sessions.rotate(session.refreshTokenHash(), Fixtures.randomHash(), USABLE_NOW, "198.51.100.1")).isEmpty();
    }

    @Test
    void endEndsASessionOnceAndKeepsTheFirstReason() {
        Session session = newSession(newUser(), NOW);

        Optional<Session> ended = sessions.end(session.id(), NOW.plusSeconds(5), EndReason.LOGOUT);
        Optional<Session> again = sessions.end(session.id(), NOW.plusSeconds(9), EndReason.REVOKE_ALL);

        assertThat(ended).isPresent();
        assertThat(ended.get().endedAt()).isEqualTo(NOW.plusSeconds(5));
        assertThat(ended.get().endReason()).isEqualTo(EndReason.LOGOUT);
        assertThat(again).isEmpty();
        assertThat(sessions.findById(session.id())).isEqualTo(ended);
        assertThat(sessions.end(SessionId.random(), NOW, EndReason.LOGOUT)).isEmpty();
    }

    @Test
    void endAllEndsEveryOpenSessionOfTheUserAndNoOneElses() {
        UserId user = newUser();
        UserId other = newUser();
        Session first = newSession(user, NOW);
        Session second = newSession(user, NOW.plusSeconds(1));
        Session alreadyEnded = newSession(user, NOW.plusSeconds(2));
        sessions.end(alreadyEnded.id(), NOW.plusSeconds(3), EndReason.LOGOUT);
        Session someoneElses = newSession(other, NOW);

        List<Session> ended = sessions.endAll(user, NOW.plusSeconds(10), EndReason.REVOKE_ALL, null);

        assertThat(ended).extracting(Session::id).containsExactlyInAnyOrder(first.id(), second.id());
        assertThat(ended).allSatisfy(s -> {
            assertThat(s.endedAt()).isEqualTo(NOW.plusSeconds(10));
            assertThat(s.endReason()).isEqualTo(EndReason.REVOKE_ALL);
        });
        assertThat(sessions.findById(alreadyEnded.id()).orElseThrow().endReason()).isEqualTo(EndReason.LOGOUT);
        assertThat(sessions.findById(someoneElses.id()).orElseThrow().isEnded()).isFalse();
    }

    @Test
    void endAllCanKeepOneSession() {
        UserId user = newUser();
        Session kept = newSession(user, NOW);
        Session other = newSession(user, NOW);

        List<Session> ended = sessions.endAll(user, NOW, EndReason.PASSWORD_CHANGED, kept.id());

        assertThat(ended).extracting(Session::id).containsExactly(other.id());
        assertThat(sessions.findById(kept.id()).orElseThrow().isEnded()).isFalse();
    }

    @Test
    void findUsableListsOpenSessionsNewestFirst() {
        UserId user = newUser();
        Session oldest = newSession(user, NOW.minus(Duration.ofDays(2)));
        Session newest = newSession(user, NOW.minus(Duration.ofMinutes(1)));
        Session middle = newSession(user, NOW.minus(Duration.ofDays(1)));
        Session ended = newSession(user, NOW.minus(Duration.ofHours(1)));
        sessions.end(ended.id(), NOW, EndReason.LOGOUT);
        Session expired = new Session(SessionId.random(), user, Fixtures.randomHash(), null, "198.51.100.1", null,
                NOW.minus(Duration.ofDays(8)), NOW.minus(Duration.ofDays(8)), "198.51.100.1",
                NOW.minus(Duration.ofDays(1)), null, null);
        sessions.create(expired);
        newSession(newUser(), NOW);

        assertThat(sessions.findUsable(user, USABLE_NOW)).extracting(Session::id)
                .containsExactly(newest.id(), middle.id(), oldest.id());
    }

    @Test
    void findEndedSinceFeedsEndsInOrderWithinTheLimit() {
        UserId user = newUser();
        Session a = newSession(user, NOW);
        Session b = newSession(user, NOW);
        Session c = newSession(user, NOW);
        newSession(user, NOW);
        sessions.end(b.id(), NOW.plusSeconds(2), EndReason.LOGOUT);
        sessions.end(a.id(), NOW.plusSeconds(1), EndReason.LOGOUT);
        sessions.end(c.id(), NOW.plusSeconds(3), EndReason.REVOKED);

        assertThat(sessions.findEndedSince(NOW.plusSeconds(2), 10)).containsExactly(
                new EndedSession(b.id(), user, NOW.plusSeconds(2)), new EndedSession(c.id(), user, NOW.plusSeconds(3)));
        assertThat(sessions.findEndedSince(NOW, 2)).extracting(EndedSession::sessionId)
                .containsExactly(a.id(), b.id());
    }

    @Test
    void deleteFinishedRemovesOnlyLongFinishedSessionsInBoundedBatches() {
        UserId user = newUser();
        Instant longAgo = NOW.minus(Duration.ofDays(30));
        List<Session> old = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Session expired = new Session(SessionId.random(), user, Fixtures.randomHash(), null, "198.51.100.1", null,
                    longAgo, longAgo, "198.51.100.1", longAgo.plus(WEEK), null, null);
            sessions.create(expired);
            old.add(expired);
        }
        Session endedLongAgo = newSession(user, longAgo);
        RefreshTokenHash successor = Fixtures.randomHash();
        sessions.rotate(endedLongAgo.refreshTokenHash(), successor, new Usable(longAgo, Instant.MIN), "198.51.100.1");
        sessions.end(endedLongAgo.id(), longAgo, EndReason.LOGOUT);
        Session endedRecently = newSession(user, NOW);
        sessions.end(endedRecently.id(), NOW, EndReason.LOGOUT);
        Session live = newSession(user, NOW);
        Instant before = NOW.minus(Duration.ofDays(1));

        assertThat(sessions.deleteFinished(before, 4)).isEqualTo(4);
        assertThat(sessions.deleteFinished(before, 4)).isEqualTo(2);
        assertThat(sessions.deleteFinished(before, 4)).isZero();

        assertThat(old).allSatisfy(s -> assertThat(sessions.findById(s.id())).isEmpty());
        assertThat(sessions.findById(endedLongAgo.id())).isEmpty();
        assertThat(sessions.findByTokenHash(endedLongAgo.refreshTokenHash())).as("replaced-token record").isEmpty();
        assertThat(sessions.findByTokenHash(successor)).isEmpty();
        assertThat(sessions.findById(endedRecently.id())).isPresent();
        assertThat(sessions.findById(live.id())).isPresent();
    }

    @Test
    void ofThirtyTwoRacingRotationsOfOneTokenExactlyOneSucceeds() throws Exception {
        Session session = newSession(newUser(), NOW);
        List<Optional<Session>> results = Race.run(32, i -> sessions.rotate(session.refreshTokenHash(),
                Fixtures.randomHash(), USABLE_NOW, "198.51.100." + i).map(UsedSession::session));

        List<Session> winners = results.stream().flatMap(Optional::stream).toList();
        assertThat(winners).hasSize(1);
        assertThat(sessions.findById(session.id()).orElseThrow().refreshTokenHash())
                .isEqualTo(winners.get(0).refreshTokenHash());
    }

    @Test
    void thirtyTwoRacingTouchesAllSucceed() throws Exception {
        Session session = newSession(newUser(), NOW);
        List<Optional<Session>> results = Race.run(32,
                i -> sessions.touch(session.refreshTokenHash(), USABLE_NOW, "198.51.100.1").map(UsedSession::session));

        assertThat(results).allSatisfy(r -> assertThat(r).isPresent());
    }

    @Test
    void aRotationRacingAnEndLeavesNoUsableToken() throws Exception {
        for (int round = 0; round < 20; round++) {
            Session session = newSession(newUser(), NOW);
            RefreshTokenHash next = Fixtures.randomHash();
            Race.run(2, i -> i == 0
                    ? sessions.rotate(session.refreshTokenHash(), next, USABLE_NOW, "198.51.100.1")
                    : sessions.end(session.id(), NOW, EndReason.REVOKE_ALL));

            assertThat(sessions.touch(session.refreshTokenHash(), USABLE_NOW, "198.51.100.1")).isEmpty();
            assertThat(sessions.touch(next, USABLE_NOW, "198.51.100.1")).isEmpty();
            assertThat(sessions.findById(session.id()).orElseThrow().isEnded()).isTrue();
        }
    }
}
