package dev.latchkey.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.latchkey.core.Account;
import dev.latchkey.core.InvalidCredentialsException;
import dev.latchkey.core.InvalidTokenException;
import dev.latchkey.core.Latchkey;
import dev.latchkey.core.LoginResult;
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
import dev.latchkey.core.token.KeyRing;
import dev.latchkey.core.token.VerifiedAccessToken;
import dev.latchkey.core.user.User;
import dev.latchkey.core.user.UserRepository;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Ending every session of a user (revoke-all, password change, disabling) cuts off what is in
 * flight: a login that checked the password before the end never yields a usable session, whenever
 * it stores its session; and a refresh of a user marked inactive in the store is refused. The
 * interleavings are forced, not hoped for: the store under test is wrapped so that a login stops
 * just before (or just after) it stores its session while the end runs. An adapter's test extends
 * this class and supplies fresh repositories.
 */
public abstract class SessionCutOffContract {

    /** What ends every session of the user. */
    enum Ending { PASSWORD_CHANGE, REVOKE_ALL, DISABLING }

    /** Where the login in flight stops while the end runs. */
    enum Pause { BEFORE_STORING_ITS_SESSION, AFTER_STORING_ITS_SESSION }

    private UserRepository users;
    private PausingSessions sessions;
    private Latchkey latchkey;
    private final ExecutorService pool = Executors.newSingleThreadExecutor();

    /** A new, empty user repository. */
    protected abstract UserRepository createUserRepository();

    /** A new, empty session repository over the users of {@link #createUserRepository()}. */
    protected abstract SessionRepository createSessionRepository();

    @BeforeEach
    void setUp() {
        users = createUserRepository();
        sessions = new PausingSessions(createSessionRepository());
        latchkey = latchkey();
    }

    @AfterEach
    void stopPool() {
        pool.shutdownNow();
    }

    private Latchkey latchkey() {
        return Latchkey.builder().users(users).sessions(sessions).keys(KeyRing.hs256(Fixtures.SECRET))
                .config(Fixtures.fastConfig().build()).build();
    }

    static Stream<Arguments> interleavings() {
        return Stream.of(Ending.values()).flatMap(e -> Stream.of(Pause.values()).map(p -> Arguments.of(e, p)));
    }

    @ParameterizedTest(name = "{0}, login paused {1}")
    @MethodSource("interleavings")
    void aLoginInFlightWhenEverySessionEndsGetsNoUsableSession(Ending ending, Pause pause) throws Exception {
        String email = "cut-" + UUID.randomUUID() + "@example.com";
        Account user = latchkey.register(Fixtures.registration(email));
        LoginResult first = latchkey.login(email, Fixtures.PASSWORD, "first device", Fixtures.CLIENT);
        VerifiedAccessToken caller = latchkey.verify(first.accessToken().value());

        sessions.pauseNextCreate(pause);
        Future<LoginResult> inFlight = pool.submit(
                () -> latchkey.login(email, Fixtures.PASSWORD, "second device", Fixtures.CLIENT));
        sessions.awaitPaused();
        switch (ending) {
            case PASSWORD_CHANGE -> latchkey.changePassword(caller, Fixtures.PASSWORD, "a-brand-new-passphrase",
                    Fixtures.CLIENT);
            case REVOKE_ALL -> latchkey.revokeAll(caller);
            case DISABLING -> latchkey.disableUser(user.id());
        }
        sessions.resume();

        Throwable refused = catchThrowable(() -> inFlight.get(30, TimeUnit.SECONDS));
        if (refused == null) {
            LoginResult late = inFlight.get();
            assertThatThrownBy(() -> latchkey.verify(late.accessToken().value()))
                    .as("its access token").isInstanceOf(InvalidTokenException.class);
            assertThatThrownBy(() -> latchkey.refresh(late.refreshToken(), Fixtures.CLIENT))
                    .as("its refresh token").isInstanceOf(InvalidTokenException.class);
        } else {
            assertThat(refused.getCause()).isInstanceOf(InvalidCredentialsException.class);
        }
        List<SessionId> usable = sessions.findUsable(user.id(), new Usable(Instant.now(), Instant.MIN)).stream()
                .map(Session::id).toList();
        if (ending == Ending.PASSWORD_CHANGE) {
            assertThat(usable).as("only the session that changed the password stays").containsExactly(
                    first.session().id());
        } else {
            assertThat(usable).as("usable sessions after the end").isEmpty();
        }
        assertThat(sessions.created()).as("the in-flight login's session, if stored, is ended")
                .allSatisfy(id -> assertThat(sessions.findById(id).orElseThrow().isEnded()).isTrue());
    }

    @Test
    void aLoginInFlightWhenEverySessionEndsIsAnnouncedAsInterrupted() throws Exception {
        String email = "cut-" + UUID.randomUUID() + "@example.com";
        latchkey.register(Fixtures.registration(email));
        VerifiedAccessToken caller = latchkey.verify(
                latchkey.login(email, Fixtures.PASSWORD, null, Fixtures.CLIENT).accessToken().value());

        sessions.pauseNextCreate(Pause.BEFORE_STORING_ITS_SESSION);
        Future<LoginResult> inFlight = pool.submit(() -> latchkey.login(email, Fixtures.PASSWORD, null, Fixtures.CLIENT));
        sessions.awaitPaused();
        latchkey.revokeAll(caller);
        sessions.resume();

        assertThat(catchThrowable(() -> inFlight.get(30, TimeUnit.SECONDS)))
                .hasCauseInstanceOf(InvalidCredentialsException.class);
        assertThat(sessions.created()).singleElement().satisfies(id -> assertThat(
                sessions.findById(id).orElseThrow().endReason()).isEqualTo(EndReason.LOGIN_INTERRUPTED));
    }

    @Test
    void aLoginThatStartsAfterTheEndWorks() {
        String email = "cut-" + UUID.randomUUID() + "@example.com";
        latchkey.register(Fixtures.registration(email));
        LoginResult first = latchkey.login(email, Fixtures.PASSWORD, null, Fixtures.CLIENT);
        latchkey.revokeAll(latchkey.verify(first.accessToken().value()));

        LoginResult next = latchkey.login(email, Fixtures.PASSWORD, null, Fixtures.CLIENT);

        assertThat(latchkey.verify(next.accessToken().value()).sessionId()).isEqualTo(next.session().id());
        assertThat(latchkey.refresh(next.refreshToken(), Fixtures.CLIENT)).isNotNull();
    }

    @Test
    void aRefreshOfAUserMarkedInactiveInTheStoreIsRefusedWithAndWithoutRotation() {
        for (boolean rotation : new boolean[] {false, true}) {
            Latchkey node = Latchkey.builder().users(users).sessions(sessions).keys(KeyRing.hs256(Fixtures.SECRET))
                    .config(Fixtures.fastConfig().refreshTokenRotation(rotation).build()).build();
            String email = "inactive-" + UUID.randomUUID() + "@example.com";
            Account user = node.register(Fixtures.registration(email));
            LoginResult login = node.login(email, Fixtures.PASSWORD, null, Fixtures.CLIENT);

            // As a host would, behind Latchkey's back: no session is ended.
            users.setActive(user.id(), false);

            assertThatThrownBy(() -> node.refresh(login.refreshToken(), Fixtures.CLIENT))
                    .as("rotation " + rotation).isInstanceOf(InvalidTokenException.class);
            users.setActive(user.id(), true);
            assertThat(node.refresh(login.refreshToken(), Fixtures.CLIENT)).as("rotation " + rotation).isNotNull();
        }
    }

    /** The store under test, able to stop one {@code create} before or after it stores. */
    private static final class PausingSessions implements SessionRepository {
        private final SessionRepository store;
        private final AtomicReference<Pause> armed = new AtomicReference<>();
        private final CountDownLatch paused = new CountDownLatch(1);
        private final CountDownLatch resume = new CountDownLatch(1);
        private final List<SessionId> created = new java.util.concurrent.CopyOnWriteArrayList<>();

        PausingSessions(SessionRepository store) {
            this.store = store;
        }

        void pauseNextCreate(Pause where) {
            armed.set(where);
        }

        void awaitPaused() throws InterruptedException {
            assertThat(paused.await(30, TimeUnit.SECONDS)).as("the login reached its pause").isTrue();
        }

        void resume() {
            resume.countDown();
        }

        /** The sessions created while paused (the in-flight login's). */
        List<SessionId> created() {
            return created;
        }

        private void stop() {
            paused.countDown();
            try {
                if (!resume.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("never resumed");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void create(Session session) {
            Pause where = armed.getAndSet(null);
            if (where == Pause.BEFORE_STORING_ITS_SESSION) {
                stop();
            }
            store.create(session);
            if (where != null) {
                created.add(session.id());
            }
            if (where == Pause.AFTER_STORING_ITS_SESSION) {
                stop();
            }
        }

        @Override
        public Optional<Session> findById(SessionId id) {
            return store.findById(id);
        }

        @Override
        public Optional<TokenMatch> findByTokenHash(RefreshTokenHash hash) {
            return store.findByTokenHash(hash);
        }

        @Override
        public Optional<UsedSession> touch(RefreshTokenHash current, Usable usable, String ipAddress) {
            return store.touch(current, usable, ipAddress);
        }

        @Override
        public Optional<UsedSession> rotate(RefreshTokenHash current, RefreshTokenHash next, Usable usable,
                String ipAddress) {
            return store.rotate(current, next, usable, ipAddress);
        }

        @Override
        public Optional<Session> end(SessionId id, Instant now, EndReason reason) {
            return store.end(id, now, reason);
        }

        @Override
        public List<Session> endAll(UserId userId, Instant now, EndReason reason, SessionId keep) {
            return store.endAll(userId, now, reason, keep);
        }

        @Override
        public List<Session> findUsable(UserId userId, Usable usable) {
            return store.findUsable(userId, usable);
        }

        @Override
        public List<EndedSession> findEndedSince(Instant since, int limit) {
            return store.findEndedSince(since, limit);
        }

        @Override
        public int deleteFinished(Instant before, int limit) {
            return store.deleteFinished(before, limit);
        }
    }
}
