package dev.latchkey.jdbi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.latchkey.core.InvalidTokenException;
import dev.latchkey.core.Latchkey;
import dev.latchkey.core.LoginResult;
import dev.latchkey.core.RefreshResult;
import dev.latchkey.core.testing.Fixtures;
import dev.latchkey.core.testing.Race;
import dev.latchkey.core.token.KeyRing;
import dev.latchkey.jdbi.testing.TestPostgres;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two service instances — each with its own connections, Jdbi and Latchkey — on one database, as
 * two nodes behind a load balancer would be.
 */
@ExtendWith(TestPostgres.class)
class TwoNodeTest {

    private static final String SCHEMA = "latchkey_jdbi_nodes";
    private static final Duration FEED_BOUND = Duration.ofSeconds(5);

    private PostgresStorage storageA;
    private PostgresStorage storageB;
    private Latchkey nodeA;
    private Latchkey nodeB;
    private RevocationFeed feedB;

    @BeforeAll
    static void createSchema() {
        TestPostgres.freshStorage(SCHEMA);
    }

    @BeforeEach
    void twoNodes() {
        TestPostgres.truncate(SCHEMA);
        storageA = PostgresStorage.create(TestPostgres.dataSource(SCHEMA));
        storageB = PostgresStorage.create(TestPostgres.dataSource(SCHEMA));
        nodeA = node(storageA, false);
        nodeB = node(storageB, false);
    }

    @AfterEach
    void stopFeed() {
        if (feedB != null) {
            feedB.close();
        }
        storageA.jdbi().useHandle(h -> h.execute("ALTER TABLE refresh_tokens ENABLE TRIGGER refresh_tokens_ended"));
    }

    private static Latchkey node(PostgresStorage storage, boolean rotation) {
        return Latchkey.builder()
                .users(storage.users())
                .sessions(storage.sessions())
                .keys(KeyRing.hs256(Fixtures.SECRET))
                .config(Fixtures.fastConfig().refreshTokenRotation(rotation).build())
                .build();
    }

    private LoginResult loginOn(Latchkey node, String email) {
        if (storageA.users().findByEmail(email).isEmpty()) {
            node.register(Fixtures.registration(email));
        }
        return node.login(email, Fixtures.PASSWORD, "node test", Fixtures.CLIENT);
    }

    /** Polls (no fixed sleep) until node B refuses the token; returns how long that took. */
    private Duration waitUntilRefusedOnB(String accessToken, Duration bound) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + bound.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                nodeB.verify(accessToken);
            } catch (InvalidTokenException refused) {
                return Duration.ofNanos(System.nanoTime() - start);
            }
            TimeUnit.MILLISECONDS.sleep(10);
        }
        throw new AssertionError("Node B still accepted the token after " + bound);
    }

    @Test
    void aLogoutOnOneNodeIsRefusedByTheOtherWithinTheBoundThroughTheNotification() throws Exception {
        // A poll interval far beyond the bound: only the notification can be this fast.
        feedB = storageB.startRevocationFeed(nodeB, Duration.ofMinutes(5));
        LoginResult login = loginOn(nodeA, "n1@example.com");
        String access = login.accessToken().value();
        assertThat(nodeB.verify(access).sessionId()).isEqualTo(login.session().id());

        nodeA.logout(nodeA.verify(access), null);

        assertThat(waitUntilRefusedOnB(access, FEED_BOUND)).isLessThan(FEED_BOUND);
    }

    @Test
    void aRevokeAllOnOneNodeIsRefusedByTheOtherWithinTheBound() throws Exception {
        feedB = storageB.startRevocationFeed(nodeB, Duration.ofMinutes(5));
        LoginResult phone = loginOn(nodeA, "n2@example.com");
        LoginResult laptop = loginOn(nodeB, "n2@example.com");

        int revoked = nodeA.revokeAll(nodeA.verify(phone.accessToken().value()));

        assertThat(revoked).isEqualTo(2);
        waitUntilRefusedOnB(phone.accessToken().value(), FEED_BOUND);
        waitUntilRefusedOnB(laptop.accessToken().value(), FEED_BOUND);
    }

    @Test
    void withoutNotificationsThePollStillDeliversWithinItsInterval() throws Exception {
        storageA.jdbi().useHandle(h -> h.execute("ALTER TABLE refresh_tokens DISABLE TRIGGER refresh_tokens_ended"));
        Duration poll = Duration.ofMillis(300);
        feedB = storageB.startRevocationFeed(nodeB, poll);
        LoginResult login = loginOn(nodeA, "n3@example.com");

        nodeA.logout(nodeA.verify(login.accessToken().value()), null);

        assertThat(waitUntilRefusedOnB(login.accessToken().value(), FEED_BOUND)).isLessThan(FEED_BOUND);
    }

    @Test
    void theFeedReconnectsAfterItsConnectionIsKilled() throws Exception {
        feedB = storageB.startRevocationFeed(nodeB, Duration.ofMinutes(5));
        waitForListener();
        int killed = storageA.jdbi().withHandle(h -> h.createQuery("""
                SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
                WHERE datname = current_database() AND query = 'LISTEN latchkey_sessions_ended'""")
                .mapTo(Integer.class).one());
        assertThat(killed).isEqualTo(1);
        waitForListener();
        LoginResult login = loginOn(nodeA, "n4@example.com");

        nodeA.logout(nodeA.verify(login.accessToken().value()), null);

        waitUntilRefusedOnB(login.accessToken().value(), FEED_BOUND);
    }

    @Test
    void closingAFeedOnAConnectionPoolDoesNotWaitForItsPollInterval() throws Exception {
        HikariConfig config = new HikariConfig();
        config.setDataSource(TestPostgres.dataSource(SCHEMA));
        config.setMaximumPoolSize(2);
        try (HikariDataSource pool = new HikariDataSource(config)) {
            RevocationFeed feed = PostgresStorage.create(pool).startRevocationFeed(nodeB, Duration.ofMinutes(5));
            waitForListener();

            // Before abort(), a pool's close() waited for the driver's lock, held for the whole poll interval.
            assertTimeoutPreemptively(Duration.ofSeconds(30), feed::close);

            assertThat(pool.getHikariPoolMXBean().getActiveConnections()).as("the feed's connection is released").isZero();
        }
    }

    @Test
    void refreshingOneTokenOnBothNodesAtOnceRotatesItOnce() throws Exception {
        Latchkey rotatingA = node(storageA, true);
        Latchkey rotatingB = node(storageB, true);
        LoginResult login = loginOn(rotatingA, "n5@example.com");

        List<RefreshResult> results = Race.run(32, i ->
                (i % 2 == 0 ? rotatingA : rotatingB).refresh(login.refreshToken(), Fixtures.CLIENT));

        Set<String> successors = results.stream().map(r -> r.refreshToken().orElseThrow()).collect(Collectors.toSet());
        assertThat(successors).hasSize(1);
        int replacedRows = storageA.jdbi().withHandle(h -> h.createQuery(
                "SELECT count(*) FROM refresh_token_replaced").mapTo(Integer.class).one());
        assertThat(replacedRows).isEqualTo(1);
        assertThat(rotatingB.refresh(successors.iterator().next(), Fixtures.CLIENT).refreshToken()).isPresent();
    }

    @Test
    void logoutsAndRefreshesRacingOnTwoNodesLeaveNoRefreshTokenAlive() throws Exception {
        LoginResult login = loginOn(nodeA, "n6@example.com");
        String token = login.refreshToken();

        Race.run(32, i -> {
            Latchkey node = i % 2 == 0 ? nodeA : nodeB;
            if (i == 17) {
                node.logout(node.verify(login.accessToken().value()), null);
                return Optional.empty();
            }
            try {
                return Optional.of(node.refresh(token, Fixtures.CLIENT));
            } catch (InvalidTokenException refused) {
                return Optional.empty();
            }
        });

        assertThatThrownBy(() -> nodeA.refresh(token, Fixtures.CLIENT)).isInstanceOf(InvalidTokenException.class);
        assertThatThrownBy(() -> nodeB.refresh(token, Fixtures.CLIENT)).isInstanceOf(InvalidTokenException.class);
        int sessions = storageA.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM refresh_tokens")
                .mapTo(Integer.class).one());
        assertThat(sessions).as("no lost or duplicated session rows").isEqualTo(1);
    }

    private void waitForListener() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            int listening = storageA.jdbi().withHandle(h -> h.createQuery("""
                    SELECT count(*) FROM pg_stat_activity
                    WHERE datname = current_database() AND query = 'LISTEN latchkey_sessions_ended'""")
                    .mapTo(Integer.class).one());
            if (listening == 1) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
        throw new AssertionError("The feed never listened");
    }
}
