package dev.latchkey.servlet;

import dev.latchkey.core.onetime.OneTimeTokenRepository;
import dev.latchkey.core.session.SessionRepository;
import dev.latchkey.core.throttle.LoginThrottle;
import dev.latchkey.core.user.UserRepository;
import dev.latchkey.jdbi.PostgresStorage;
import dev.latchkey.jdbi.testing.TestPostgres;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestPostgres.class)
class PostgresEndpointsTest extends AbstractEndpointsTest {

    private static final String SCHEMA = "latchkey_servlet_http";
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
    protected LoginThrottle throttle() {
        return storage.loginThrottle();
    }

    @Override
    protected OneTimeTokenRepository oneTimeTokens() {
        return storage.oneTimeTokens();
    }
}
