package dev.latchkey.jdbi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.core.contract.LoginThrottleContract;
import dev.latchkey.core.throttle.LoginThrottle;
import dev.latchkey.core.throttle.ThrottleKey;
import dev.latchkey.core.throttle.ThrottlePolicy;
import dev.latchkey.jdbi.testing.TestPostgres;
import java.time.Duration;
import java.util.List;
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
