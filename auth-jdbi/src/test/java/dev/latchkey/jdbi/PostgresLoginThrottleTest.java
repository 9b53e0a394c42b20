package dev.latchkey.jdbi;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.latchkey.core.StorageUnavailableException;
import dev.latchkey.core.contract.LoginThrottleContract;
import dev.latchkey.core.testing.Race;
import dev.latchkey.core.throttle.LoginThrottle;
import dev.latchkey.core.throttle.ThrottleKey;
import dev.latchkey.core.throttle.ThrottlePolicy;
import dev.latchkey.jdbi.testing.TestPostgres;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestPostgres.class)
class PostgresLoginThrottleTest extends LoginThrottleContract {

    private static final String SCHEMA = "latchkey_jdbi_throttle";
    private static PostgresStorage storage;

    @BeforeAll
    static void createSchema() {
        storage = TestPostgres.freshStorage(SCHEMA);
    }

    @Override
    protected LoginThrottle createThrottle() {
        TestPostgres.truncate(SCHEMA);
        return storage.loginThrottle();
    }

    @Override
    protected LoginThrottle sameStoreOtherNode() {
        // Its own connections and Jdbi, on the same tables.
        return PostgresStorage.create(TestPostgres.dataSource(SCHEMA)).loginThrottle();
    }

    @Test
    void successfulLoginsRacingOnOneAccountFromOneAddressNeverFailTheStore() throws Exception {
        // What a successful login does: reserve the three keys, then give back the shared ones and
        // forget the account-and-address row, which the next login creates again. Sixteen threads on
        // two accounts deadlocked in version 3's function about once a second.
        HikariConfig config = new HikariConfig();
        config.setDataSource(TestPostgres.dataSource(SCHEMA));
        config.setMaximumPoolSize(16);
        ThrottlePolicy roomy = new ThrottlePolicy(100_000, Duration.ofMinutes(15));
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger logins = new AtomicInteger();
        try (HikariDataSource pool = new HikariDataSource(config)) {
            LoginThrottle throttle = PostgresStorage.create(pool).loginThrottle();
            long end = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            Race.run(16, thread -> {
                String account = "login:account:" + (thread % 2);
                ThrottleKey pair = new ThrottleKey("login:account+address:" + (thread % 2) + "|198.51.100.7", roomy);
                ThrottleKey wide = new ThrottleKey(account, roomy);
                ThrottleKey from = new ThrottleKey("login:address:198.51.100.7", roomy);
                while (System.nanoTime() < end && failures.isEmpty()) {
                    Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
                    try {
                        assertThat(throttle.tryAcquire(List.of(pair, wide, from), at)).isEmpty();
                        throttle.release(List.of(wide, from), at);
                        throttle.reset(pair);
                        logins.incrementAndGet();
                    } catch (StorageUnavailableException e) {
                        failures.add(e.getMessage());
                    }
                }
                return null;
            });
        }
        assertThat(failures).as("store failures among " + logins + " logins").isEmpty();
        assertThat(logins.get()).isPositive();
    }

    @Test
    void aKeySoBusyThatItsLockCannotBeHadSoonIsRefusedForASecondNotFailedAsAStoreError() throws Exception {
        // A burst on one account queues every attempt on that key's lock; when processors are
        // starved the queue outlasts the query time-out. Waiting longer than the throttle's lock wait
        // means the key is under a burst: the attempt is refused like a throttled one, within the
        // time-out, and other keys are not held up.
        ThrottlePolicy roomy = new ThrottlePolicy(100, Duration.ofMinutes(15));
        ThrottleKey busy = new ThrottleKey("login:account:busy", roomy);
        ThrottleKey other = new ThrottleKey("login:account:other", roomy);
        LoginThrottle throttle = PostgresStorage.create(TestPostgres.dataSource(SCHEMA), Duration.ofSeconds(1))
                .loginThrottle();
        try (Connection holder = TestPostgres.dataSource(SCHEMA).getConnection();
                Statement statement = holder.createStatement()) {
            statement.execute("SELECT pg_advisory_lock(hashtextextended('" + busy.name() + "', 0))");

            long start = System.nanoTime();
            Optional<Duration> refused = throttle.tryAcquire(List.of(busy), T);
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(refused).contains(Duration.ofSeconds(1));
            assertThat(took).isLessThan(Duration.ofSeconds(1));
            assertThat(throttle.tryAcquire(List.of(other), T)).isEmpty();

            statement.execute("SELECT pg_advisory_unlock_all()");
        }
        assertThat(throttle.tryAcquire(List.of(busy), T)).as("once the burst is over").isEmpty();
    }

    @Test
    void aRecordKeepsOnlyTheNewestAttemptsThatStillDecide() {
        ThrottleKey key = new ThrottleKey("login:address:198.51.100.7", new ThrottlePolicy(3, Duration.ofMinutes(15)));
        for (int i = 0; i < 3; i++) {
            storage.loginThrottle().tryAcquire(List.of(key), T.plusSeconds(i));
        }
        storage.loginThrottle().tryAcquire(List.of(key), T.plus(Duration.ofMinutes(15)));

        List<String> row = storage.jdbi().withHandle(h -> h.createQuery("""
                        SELECT cardinality(attempts) || ' ' || (forget_after = attempts[cardinality(attempts)]
                            + interval '15 minutes') FROM login_throttle WHERE key = :key""")
                .bind("key", key.name()).mapTo(String.class).list());
        assertThat(row).containsExactly("3 true");
    }
}
