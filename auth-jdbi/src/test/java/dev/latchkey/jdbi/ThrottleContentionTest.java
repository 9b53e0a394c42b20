package dev.latchkey.jdbi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.latchkey.core.ClientInfo;
import dev.latchkey.core.InvalidCredentialsException;
import dev.latchkey.core.Latchkey;
import dev.latchkey.core.ThrottledException;
import dev.latchkey.core.testing.Fixtures;
import dev.latchkey.core.testing.Race;
import dev.latchkey.core.token.KeyRing;
import dev.latchkey.jdbi.testing.TestPostgres;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A burst of wrong passwords against one account while bcrypt keeps the processors busy: every
 * guess shares the account's throttle row, and the service must still answer each with 401 or 429
 * within its statement time-out, never with a store failure (503). A reservation that held the
 * row across round trips to a starved application server made other guesses' statements time out;
 * later, with the row's lock held for one statement only, a queue of forty connections on it still
 * outlasted a 1 s time-out when bcrypt starved the processors, until a guess that cannot have the
 * lock within half a second is refused as busy.
 */
@ExtendWith(TestPostgres.class)
class ThrottleContentionTest {

    private static final String SCHEMA = "latchkey_jdbi_contention";
    private static HikariDataSource pool;
    private static Latchkey latchkey;

    @BeforeAll
    static void start() {
        TestPostgres.freshStorage(SCHEMA);
        HikariConfig config = new HikariConfig();
        config.setDataSource(TestPostgres.dataSource(SCHEMA));
        config.setMaximumPoolSize(40);
        config.setConnectionTimeout(30_000);
        pool = new HikariDataSource(config);
        PostgresStorage storage = PostgresStorage.create(pool, Duration.ofSeconds(1));
        latchkey = Latchkey.builder().users(storage.users()).sessions(storage.sessions())
                .throttle(storage.loginThrottle()).keys(KeyRing.hs256(Fixtures.SECRET))
                .config(Fixtures.fastConfig().bcryptCost(10).build()).build();
        latchkey.register(Fixtures.registration("target@example.com"));
    }

    @AfterAll
    static void stop() {
        pool.close();
    }

    @Test
    void aBurstOfGuessesOnOneAccountIsAnsweredWithoutStoreFailures() throws Exception {
        List<Throwable> outcomes = Race.run(150, i -> catchThrowable(() -> latchkey.login("target@example.com",
                "wrong-" + i, null, ClientInfo.of("198.51.100." + (i % 30)))));

        Map<String, Long> kinds = outcomes.stream()
                .collect(Collectors.groupingBy(t -> t == null ? "none" : t.getClass().getSimpleName(),
                        Collectors.counting()));
        assertThat(kinds).as("outcomes").containsOnlyKeys(InvalidCredentialsException.class.getSimpleName(),
                ThrottledException.class.getSimpleName());
        // Never more guesses checked than the policy allows; an attempt that found the account's key
        // too busy to wait for was refused like a throttled one, so there may be fewer.
        assertThat(outcomes.stream().filter(InvalidCredentialsException.class::isInstance).count())
                .as("guesses checked").isBetween(1L, 100L);
    }
}
