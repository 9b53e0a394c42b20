package dev.latchkey.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.core.Latchkey;
import dev.latchkey.core.onetime.OneTimeTokenRepository;
import dev.latchkey.core.session.SessionRepository;
import dev.latchkey.core.testing.Fixtures;
import dev.latchkey.core.throttle.LoginThrottle;
import dev.latchkey.core.user.UserRepository;
import dev.latchkey.jdbi.PostgresStorage;
import dev.latchkey.jdbi.RevocationFeed;
import dev.latchkey.jdbi.testing.TestPostgres;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Recovery with real mail, on PostgreSQL; and a reset seen by two nodes on one database. */
@ExtendWith(TestPostgres.class)
class PostgresRecoveryOverSmtpTest extends AbstractRecoveryOverSmtpTest {

    private static final String SCHEMA = "latchkey_servlet_recovery";
    private static PostgresStorage storage;

    @BeforeAll
    static void createSchema() {
        storage = TestPostgres.freshStorage(SCHEMA);
    }

    @Override
    protected UserRepository users() {
        TestPostgres.truncate(SCHEMA);
        return storage.users();
    }

    @Override
    protected SessionRepository sessions() {
        return storage.sessions();
    }

    @Override
    protected OneTimeTokenRepository oneTimeTokens() {
        return storage.oneTimeTokens();
    }

    @Override
    protected LoginThrottle throttle() {
        return storage.loginThrottle();
    }

    @Override
    protected String storeName() {
        return "PostgreSQL";
    }

    @Test
    void aResetOnOneNodeEndsTheSessionsOnBothNodesAtOnce() throws Exception {
        List<Latchkey> nodes = new ArrayList<>();
        Http first = node(users(), storage.sessions(), storage.oneTimeTokens(), storage.loginThrottle(),
                Fixtures.fastConfig().build(), smtp(), nodes);
        Http second = node(storage.users(), storage.sessions(), storage.oneTimeTokens(), storage.loginThrottle(),
                Fixtures.fastConfig().build(), smtp(), nodes);
        RevocationFeed feed = storage.startRevocationFeed(nodes.get(1), Duration.ofSeconds(1));
        try {
            register(first, "kim@example.com");
            String onFirst = login(first, "kim@example.com", "testpassword123").json().get("access_token").asText();
            Http.Answer secondLogin = login(second, "kim@example.com", "testpassword123");
            String onSecond = secondLogin.json().get("access_token").asText();
            String refresh = secondLogin.json().get("refresh_token").asText();
            assertThat(second.get("/api/auth/me", onSecond).status()).isEqualTo(200);

            assertThat(forgot(second, "kim@example.com").status()).isEqualTo(202);
            String token = tokenFromMail("kim@example.com", "Reset your password");
            assertThat(reset(first, token, "새 비밀번호 123").status()).isEqualTo(200);

            assertThat(first.get("/api/auth/me", onFirst).status()).isEqualTo(401);
            assertThat(second.postJson("/api/auth/refresh", "{\"refresh_token\":\"" + refresh + "\"}").status())
                    .isEqualTo(401);
            // The other node hears of the end through the database's notification, within moments.
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            int status = 200;
            while (status == 200 && System.nanoTime() < deadline) {
                status = second.get("/api/auth/me", onSecond).status();
            }
            assertThat(status).isEqualTo(401);
            assertThat(reset(second, token, "third password 1").status()).isEqualTo(400);
        } finally {
            feed.close();
        }
    }
}
