package dev.latchkey.jdbi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.core.SessionId;
import dev.latchkey.core.StorageUnavailableException;
import dev.latchkey.core.UserId;
import dev.latchkey.core.session.EndReason;
import dev.latchkey.core.session.RefreshTokenHash;
import dev.latchkey.core.session.Session;
import dev.latchkey.core.session.SessionRepository;
import dev.latchkey.core.session.TokenMatch;
import dev.latchkey.core.session.Usable;
import dev.latchkey.core.session.UsedSession;
import dev.latchkey.core.testing.Fixtures;
import dev.latchkey.core.user.User;
import dev.latchkey.core.user.UserRepository;
import dev.latchkey.jdbi.testing.TestPostgres;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.function.Executable;
import org.postgresql.ds.PGSimpleDataSource;

/** A database that is down, too slow, or loses the connection mid-statement: errors, never damage. */
@ExtendWith(TestPostgres.class)
class StorageFailureTest {

    private static final String SCHEMA = "latchkey_jdbi_failures";
    private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
    private static final Usable USABLE = new Usable(NOW, Instant.MIN);
    private static PostgresStorage storage;

    private Session session;

    @BeforeAll
    static void createSchema() {
        storage = TestPostgres.freshStorage(SCHEMA);
    }

    @BeforeEach
    void oneSession() {
        TestPostgres.truncate(SCHEMA);
        User user = Fixtures.user("f@example.com", NOW);
        storage.users().create(user);
        session = Fixtures.session(user.id(), NOW, Duration.ofDays(7));
        storage.sessions().create(session);
    }

    @Test
    void everyOperationOnAnUnreachableDatabaseIsStorageUnavailable() {
        PGSimpleDataSource nowhere = new PGSimpleDataSource();
        nowhere.setURL("jdbc:postgresql://127.0.0.1:1/latchkey?connectTimeout=2");
        PostgresStorage down = PostgresStorage.create(nowhere);
        UserRepository users = down.users();
        SessionRepository sessions = down.sessions();
        RefreshTokenHash hash = Fixtures.randomHash();

        List<Executable> operations = List.of(
                () -> users.create(Fixtures.user("x@example.com", NOW)),
                () -> users.findByEmail("x@example.com"),
                () -> users.findById(UserId.random()),
                () -> users.replacePasswordHash(UserId.random(), "a", "b"),
                () -> users.setActive(UserId.random(), false),
                () -> sessions.create(session),
                () -> sessions.findById(SessionId.random()),
                () -> sessions.findByTokenHash(hash),
                () -> sessions.touch(hash, USABLE, "203.0.113.1"),
                () -> sessions.rotate(hash, Fixtures.randomHash(), USABLE, "203.0.113.1"),
                () -> sessions.end(SessionId.random(), NOW, EndReason.LOGOUT),
                () -> sessions.endAll(UserId.random(), NOW, EndReason.REVOKE_ALL, null),
                () -> sessions.findUsable(UserId.random(), USABLE),
                () -> sessions.findEndedSince(NOW, 10),
                () -> sessions.deleteFinished(NOW, 10),
                () -> down.schema().migrate());
        for (Executable operation : operations) {
            assertThatThrownBy(operation::execute).isInstanceOf(StorageUnavailableException.class)
                    .hasMessageContaining("unavailable");
        }
        assertThat(down.schema().testConnection().reachable()).isFalse();
        assertThat(down.schema().testConnection().problem()).isPresent();
    }

    @Test
    void aStatementSlowerThanTheQueryTimeoutIsStorageUnavailableAndChangesNothing() throws Exception {
        PostgresStorage impatient = PostgresStorage.create(TestPostgres.dataSource(SCHEMA), Duration.ofSeconds(1));
        try (Handle blocker = storage.jdbi().open()) {
            blocker.begin();
            blocker.execute("SELECT 1 FROM refresh_tokens WHERE id = ? FOR UPDATE", session.id().value());

            assertThatThrownBy(() -> impatient.sessions().rotate(session.refreshTokenHash(), Fixtures.randomHash(),
                    USABLE, "203.0.113.9")).isInstanceOf(StorageUnavailableException.class);

            blocker.rollback();
        }
        assertThat(storage.sessions().findByTokenHash(session.refreshTokenHash()))
                .contains(new TokenMatch.Current(session));
    }

    @Test
    void aConnectionKilledInTheMiddleOfARotationLeavesNothingHalfWritten() throws Exception {
        RefreshTokenHash next = Fixtures.randomHash();
        CompletableFuture<Optional<UsedSession>> rotation;
        try (Handle blocker = storage.jdbi().open()) {
            blocker.begin();
            blocker.execute("SELECT 1 FROM refresh_tokens WHERE id = ? FOR UPDATE", session.id().value());
            rotation = CompletableFuture.supplyAsync(() -> storage.sessions().rotate(session.refreshTokenHash(), next,
                    USABLE, "203.0.113.9"));
            int blockedPid = waitForBlockedBackend();

            blocker.execute("SELECT pg_terminate_backend(?)", blockedPid);
            blocker.rollback();
        }

        assertThatThrownBy(() -> rotation.get(30, TimeUnit.SECONDS))
                .hasCauseInstanceOf(StorageUnavailableException.class);
        assertThat(storage.sessions().findByTokenHash(session.refreshTokenHash()))
                .as("the old token is still current").contains(new TokenMatch.Current(session));
        assertThat(storage.sessions().findByTokenHash(next)).as("no successor was written").isEmpty();
        assertThat(storage.sessions().touch(session.refreshTokenHash(), USABLE, "203.0.113.9"))
                .as("and the session still works").isPresent();
    }

    /** Polls from its own connection: statistics views are a snapshot within one transaction. */
    private static int waitForBlockedBackend() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            Optional<Integer> pid = storage.jdbi().withHandle(h -> h.createQuery("""
                    SELECT pid FROM pg_stat_activity
                    WHERE datname = current_database() AND wait_event_type = 'Lock'
                        AND query LIKE '%refresh_tokens%'""")
                    .mapTo(Integer.class).findFirst());
            if (pid.isPresent()) {
                return pid.get();
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        throw new AssertionError("The rotation never blocked on the row lock");
    }
}
