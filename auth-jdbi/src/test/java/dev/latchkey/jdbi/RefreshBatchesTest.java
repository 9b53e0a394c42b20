package dev.latchkey.jdbi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.core.UserId;
import dev.latchkey.core.session.EndReason;
import dev.latchkey.core.session.RefreshTokenHash;
import dev.latchkey.core.session.Session;
import dev.latchkey.core.session.Usable;
import dev.latchkey.core.session.UsedSession;
import dev.latchkey.core.testing.Fixtures;
import dev.latchkey.core.user.User;
import dev.latchkey.jdbi.testing.TestPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.SqlStatements;
import org.jdbi.v3.core.statement.StatementContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Refreshes sharing statements on PostgreSQL: made to queue behind statements held on row locks,
 * then released, so that what shares a statement is known rather than left to timing.
 */
@ExtendWith(TestPostgres.class)
class RefreshBatchesTest {

    private static final String SCHEMA = "latchkey_jdbi_batches";
    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00.123456Z");
    private static final Usable USABLE_NOW = new Usable(NOW, Instant.MIN);
    private static PostgresStorage storage;
    private static DataSource dataSource;

    private final AtomicInteger statementsStarted = new AtomicInteger();
    private final AtomicInteger statementsDone = new AtomicInteger();
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private RefreshBatches batches;
    private UserId user;

    @BeforeAll
    static void createSchema() {
        storage = TestPostgres.freshStorage(SCHEMA);
        dataSource = TestPostgres.dataSource(SCHEMA);
    }

    @BeforeEach
    void setUp() {
        TestPostgres.truncate(SCHEMA);
        Jdbi jdbi = Jdbi.create(dataSource);
        jdbi.getConfig(SqlStatements.class).setSqlLogger(new SqlLogger() {
            @Override
            public void logBeforeExecution(StatementContext context) {
                statementsStarted.incrementAndGet();
            }

            @Override
            public void logAfterExecution(StatementContext context) {
                statementsDone.incrementAndGet();
            }
        });
        batches = new RefreshBatches(jdbi, 2);
        user = newUser();
    }

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    @Test
    void refreshesQueuedBehindBusyStatementsShareOneEachWithItsOwnConditionsAndOutcome() throws Exception {
        Session first = newSession(user);
        Session second = newSession(user);
        List<Session> plain = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            plain.add(newSession(user));
        }
        Session ended = newSession(user);
        storage.sessions().end(ended.id(), NOW, EndReason.LOGOUT);
        UserId disabledUser = newUser();
        Session ofDisabledUser = newSession(disabledUser);
        storage.users().setActive(disabledUser, false);
        Session idle = newSession(user);
        Session rotated = newSession(user);
        Session rotatedTwice = newSession(user);

        RefreshTokenHash successorA = Fixtures.randomHash();
        RefreshTokenHash successorB = Fixtures.randomHash();
        Map<String, CompletableFuture<Optional<UsedSession>>> outcomes = new LinkedHashMap<>();
        try (Connection locks = lock(first, second)) {
            // Both statement slots wait on a row lock with one refresh each.
            List<CompletableFuture<Optional<UsedSession>>> blocked = occupyBothSlots(first, second);
            outcomes.put("first", blocked.get(0));
            outcomes.put("second", blocked.get(1));

            // Everything else queues, each with its own address and instants.
            for (int i = 0; i < plain.size(); i++) {
                Session s = plain.get(i);
                Usable usable = new Usable(NOW.plusSeconds(i), Instant.MIN);
                String address = "203.0.113." + (i + 10);
                outcomes.put("plain " + i, async(() -> batches.touch(s.refreshTokenHash(), usable, address)));
            }
            outcomes.put("ended", async(() -> batches.touch(ended.refreshTokenHash(), USABLE_NOW, "203.0.113.99")));
            outcomes.put("disabled", async(() -> batches.touch(ofDisabledUser.refreshTokenHash(), USABLE_NOW, "203.0.113.98")));
            outcomes.put("idle", async(() -> batches.touch(idle.refreshTokenHash(), new Usable(NOW, NOW.plusMillis(1)),
                    "203.0.113.97")));
            outcomes.put("rotate a", async(() -> batches.rotate(rotated.refreshTokenHash(), successorA, USABLE_NOW, "2001:db8::a")));
            await(() -> batches.queued() == 20);
            outcomes.put("rotate b", async(() -> batches.rotate(rotated.refreshTokenHash(), successorB, USABLE_NOW, "2001:db8::b")));
            outcomes.put("twice 1", async(() -> batches.touch(rotatedTwice.refreshTokenHash(), USABLE_NOW, "192.0.2.1")));
            outcomes.put("twice 2", async(() -> batches.touch(rotatedTwice.refreshTokenHash(), USABLE_NOW, "192.0.2.2")));
            await(() -> batches.queued() == 23);
            assertThat(statementsDone).hasValue(0);
            locks.commit();
        }
        for (CompletableFuture<Optional<UsedSession>> outcome : outcomes.values()) {
            outcome.get(10, TimeUnit.SECONDS);
        }

        // The 23 queued refreshes went in a few statements, not 23 (at most two drains of the queue at
        // once, each a touch and a rotation statement, and again for the second use of a token).
        assertThat(statementsDone.get()).isBetween(2 + 4, 2 + 8);
        for (int i = 0; i < plain.size(); i++) {
            Session used = outcomes.get("plain " + i).get().orElseThrow().session();
            assertThat(used.id()).isEqualTo(plain.get(i).id());
            assertThat(used.lastUsedAt()).isEqualTo(NOW.plusSeconds(i));
            assertThat(used.lastIpAddress()).isEqualTo("203.0.113." + (i + 10));
            assertThat(storage.sessions().findById(used.id())).contains(used);
        }
        assertThat(outcomes.get("first").get().orElseThrow().session().lastIpAddress()).isEqualTo("198.51.100.1");
        assertThat(outcomes.get("second").get().orElseThrow().session().lastIpAddress()).isEqualTo("198.51.100.2");
        for (String refused : List.of("ended", "disabled", "idle")) {
            assertThat(outcomes.get(refused).get()).as(refused).isEmpty();
        }
        assertThat(storage.sessions().findById(ended.id()).orElseThrow().lastIpAddress()).isEqualTo("203.0.113.7");
        assertThat(storage.sessions().findById(idle.id()).orElseThrow().lastUsedAt()).isEqualTo(idle.lastUsedAt());

        // Exactly one rotation of the token won (two drains may each take one, and then the row lock
        // orders them), and the loser saw the token already replaced.
        Optional<UsedSession> a = outcomes.get("rotate a").get();
        Optional<UsedSession> b = outcomes.get("rotate b").get();
        assertThat(a.isPresent()).isNotEqualTo(b.isPresent());
        assertThat(storage.sessions().findById(rotated.id()).orElseThrow().refreshTokenHash())
                .isEqualTo(a.isPresent() ? successorA : successorB);
        assertThat(storage.sessions().findByTokenHash(rotated.refreshTokenHash()).orElseThrow())
                .isInstanceOf(dev.latchkey.core.session.TokenMatch.Replaced.class);
        assertThat(outcomes.get("twice 1").get()).isPresent();
        assertThat(outcomes.get("twice 2").get()).isPresent();
    }

    @Test
    void aStatementChosenAsADeadlocksVictimRunsAgainAndItsRefreshesSucceed() throws Exception {
        Session blocker = newSession(user);
        Session blocker2 = newSession(user);
        List<Session> pair = inIdOrder(newSession(user), newSession(user));
        Session lower = pair.get(0);
        Session higher = pair.get(1);
        CompletableFuture<Optional<UsedSession>> lowerTouch;
        CompletableFuture<Optional<UsedSession>> higherTouch;
        try (Connection other = lock(higher)) {
            try (Connection slots = lock(blocker, blocker2)) {
                // Both slots wait on the blockers' locks, so the pair queues and then shares one statement.
                List<CompletableFuture<Optional<UsedSession>>> blocked = occupyBothSlots(blocker, blocker2);
                lowerTouch = async(() -> batches.touch(lower.refreshTokenHash(), USABLE_NOW, "198.51.100.10"));
                higherTouch = async(() -> batches.touch(higher.refreshTokenHash(), USABLE_NOW, "198.51.100.11"));
                await(() -> batches.queued() == 2);
                slots.commit();
                for (CompletableFuture<Optional<UsedSession>> b : blocked) {
                    b.get(10, TimeUnit.SECONDS);
                }
            }
            // The shared statement locked the lower id and waits for the higher one.
            await(() -> statementsStarted.get() == 3 && waitingOnLocks() == 1);
            // Another transaction holding the higher id now wants the lower one: a cycle, which
            // PostgreSQL breaks after deadlock_timeout by failing the statement that waited first.
            try (PreparedStatement update = other.prepareStatement(
                    "UPDATE refresh_tokens SET device_name = device_name WHERE id = ?")) {
                update.setObject(1, lower.id().value());
                update.executeUpdate();
            }
            other.commit();
            assertThat(lowerTouch.get(10, TimeUnit.SECONDS)).isPresent();
            assertThat(higherTouch.get(10, TimeUnit.SECONDS)).isPresent();
            assertThat(statementsStarted).as("the shared statement ran again").hasValue(4);
        }
        assertThat(storage.sessions().findById(lower.id()).orElseThrow().lastIpAddress()).isEqualTo("198.51.100.10");
        assertThat(storage.sessions().findById(higher.id()).orElseThrow().lastIpAddress()).isEqualTo("198.51.100.11");
    }

    @Test
    void endingAllOfAUsersSessionsWhileASharedStatementHoldsSomeOfThemWaitsInsteadOfDeadlocking() throws Exception {
        // Stored in descending id order, so a scan in storage order meets the highest ids first.
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ids.add(UUID.randomUUID());
        }
        ids.sort(java.util.Comparator.comparing(UUID::toString).reversed());
        List<Session> sessions = new ArrayList<>();
        for (UUID id : ids) {
            Session s = Fixtures.session(user, NOW.minus(Duration.ofMinutes(5)), Duration.ofDays(7));
            Session withId = new Session(new dev.latchkey.core.SessionId(id), s.userId(), s.refreshTokenHash(),
                    s.deviceName(), s.ipAddress(), s.userAgent(), s.createdAt(), s.lastUsedAt(), s.lastIpAddress(),
                    s.expiresAt(), null, null);
            storage.sessions().create(withId);
            sessions.add(withId);
        }
        Session median = sessions.get(10);
        UserId other = newUser();
        Session blocker = newSession(other);
        Session blocker2 = newSession(other);
        List<CompletableFuture<Optional<UsedSession>>> touches = new ArrayList<>();
        CompletableFuture<List<Session>> ended;
        try (Connection middle = lock(median)) {
            try (Connection slots = lock(blocker, blocker2)) {
                List<CompletableFuture<Optional<UsedSession>>> blocked = occupyBothSlots(blocker, blocker2);
                for (Session s : sessions) {
                    touches.add(async(() -> batches.touch(s.refreshTokenHash(), USABLE_NOW, "203.0.113.50")));
                }
                await(() -> batches.queued() == sessions.size());
                slots.commit();
                for (CompletableFuture<Optional<UsedSession>> b : blocked) {
                    b.get(10, TimeUnit.SECONDS);
                }
            }
            // The shared statement(s) locked the ids below the median and wait for it.
            await(() -> batches.queued() == 0 && waitingOnLocks() >= 1);
            ended = async(() -> storage.sessions().endAll(user, NOW, EndReason.REVOKE_ALL, null));
            await(() -> waitingOnLocks("%SET ended_at%") == 1);
            middle.commit();
        }
        for (CompletableFuture<Optional<UsedSession>> touch : touches) {
            touch.get(10, TimeUnit.SECONDS);
        }
        assertThat(ended.get(10, TimeUnit.SECONDS)).hasSize(sessions.size());
        for (Session s : sessions) {
            assertThat(storage.sessions().findById(s.id()).orElseThrow().isEnded()).isTrue();
        }
    }

    @Test
    void aFailedStatementFailsEveryRefreshInItAndTheNextStatementWorks() throws Exception {
        Session one = newSession(user);
        Session two = newSession(user);
        Session blocker = newSession(user);
        Session blocker2 = newSession(user);
        RefreshTokenHash taken = two.refreshTokenHash();
        CompletableFuture<Optional<UsedSession>> clash;
        CompletableFuture<Optional<UsedSession>> innocent;
        try (Connection locks = lock(blocker, blocker2)) {
            List<CompletableFuture<Optional<UsedSession>>> blocked = occupyBothSlots(blocker, blocker2);
            // A successor equal to another session's token breaks the unique index: the statement fails.
            clash = async(() -> batches.rotate(one.refreshTokenHash(), taken, USABLE_NOW, "198.51.100.3"));
            innocent = async(() -> batches.rotate(Fixtures.randomHash(), Fixtures.randomHash(), USABLE_NOW, "198.51.100.4"));
            await(() -> batches.queued() == 2);
            locks.commit();
            for (CompletableFuture<Optional<UsedSession>> b : blocked) {
                b.get(10, TimeUnit.SECONDS);
            }
        }
        assertThat(clash).failsWithin(Duration.ofSeconds(10)).withThrowableOfType(Exception.class)
                .havingRootCause().isInstanceOf(SQLException.class);
        assertThat(innocent).failsWithin(Duration.ofSeconds(10)).withThrowableOfType(Exception.class)
                .withCauseInstanceOf(IllegalStateException.class);
        assertThat(storage.sessions().findById(one.id()).orElseThrow().refreshTokenHash()).isEqualTo(one.refreshTokenHash());
        assertThat(batches.touch(one.refreshTokenHash(), USABLE_NOW, "198.51.100.5")).isPresent();
        assertThat(batches.queued()).isZero();
        assertThat(batches.busySlots()).isZero();
    }

    @Test
    void microsecondsRoundAsTheDriverRoundsABoundTimestamp() {
        assertThat(RefreshBatches.micros(Instant.parse("1970-01-01T00:00:00Z"))).isZero();
        assertThat(RefreshBatches.micros(Instant.parse("2026-12-07T10:00:00.000000499Z"))).isEqualTo(1796637600000000L);
        assertThat(RefreshBatches.micros(Instant.parse("2026-12-07T10:00:00.000000500Z"))).isEqualTo(1796637600000001L);
        assertThat(RefreshBatches.micros(Instant.parse("1969-12-31T23:59:59.999999500Z"))).isZero();
    }

    private UserId newUser() {
        User u = Fixtures.user(UUID.randomUUID() + "@example.com", NOW.minusSeconds(60));
        storage.users().create(u);
        return u.id();
    }

    private static Session newSession(UserId owner) {
        Session s = Fixtures.session(owner, NOW.minus(Duration.ofMinutes(5)), Duration.ofDays(7));
        storage.sessions().create(s);
        return s;
    }

    /** Refreshes of two locked sessions, one after the other, so that each holds a statement slot. */
    private List<CompletableFuture<Optional<UsedSession>>> occupyBothSlots(Session a, Session b) throws InterruptedException {
        CompletableFuture<Optional<UsedSession>> first = async(() -> batches.touch(a.refreshTokenHash(), USABLE_NOW, "198.51.100.1"));
        await(() -> batches.busySlots() == 1 && waitingOnLocks() == 1);
        CompletableFuture<Optional<UsedSession>> second = async(() -> batches.touch(b.refreshTokenHash(), USABLE_NOW, "198.51.100.2"));
        await(() -> batches.busySlots() == 2 && waitingOnLocks() == 2);
        return List.of(first, second);
    }

    /** An open transaction holding the sessions' row locks, until it commits or closes. */
    private static Connection lock(Session... sessions) throws SQLException {
        Connection c = dataSource.getConnection();
        c.setAutoCommit(false);
        try (PreparedStatement select = c.prepareStatement("SELECT id FROM refresh_tokens WHERE id = ? FOR UPDATE")) {
            for (Session s : sessions) {
                select.setObject(1, s.id().value());
                select.executeQuery().close();
            }
        }
        return c;
    }

    /** The sessions in the order PostgreSQL sorts their ids. */
    private static List<Session> inIdOrder(Session a, Session b) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement smaller = c.prepareStatement("SELECT CAST(? AS uuid) < CAST(? AS uuid)")) {
            smaller.setObject(1, a.id().value());
            smaller.setObject(2, b.id().value());
            try (ResultSet rs = smaller.executeQuery()) {
                rs.next();
                return rs.getBoolean(1) ? List.of(a, b) : List.of(b, a);
            }
        }
    }

    /** Statements of this test's database waiting for a row lock. */
    private static int waitingOnLocks() {
        return waitingOnLocks("%");
    }

    /** Statements of this test's database, whose text is like {@code pattern}, waiting for a row lock. */
    private static int waitingOnLocks(String pattern) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement count = c.prepareStatement("""
                        SELECT count(*) FROM pg_stat_activity
                        WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE ?""")) {
            count.setString(1, pattern);
            try (ResultSet rs = count.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private <T> CompletableFuture<T> async(Supplier<T> work) {
        return CompletableFuture.supplyAsync(work, threads);
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Condition not reached in 10 s");
            }
            Thread.sleep(5);
        }
    }
}
