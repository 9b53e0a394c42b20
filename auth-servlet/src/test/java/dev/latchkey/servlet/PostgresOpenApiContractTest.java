package dev.latchkey.servlet;

import dev.latchkey.core.onetime.OneTimeTokenRepository;
import dev.latchkey.core.session.SessionRepository;
import dev.latchkey.core.throttle.LoginThrottle;
import dev.latchkey.core.user.UserRepository;
import dev.latchkey.jdbi.PostgresStorage;
import dev.latchkey.jdbi.testing.TestPostgres;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/** The OpenAPI contract suite on Jetty 12, with PostgreSQL through auth-jdbi. */
@ExtendWith(TestPostgres.class)
class PostgresOpenApiContractTest extends AbstractOpenApiContractTest {

    private static final String SCHEMA = "latchkey_servlet_openapi";
    private PostgresStorage storage;

    @BeforeAll
    void createSchema() {
        storage = TestPostgres.freshStorage(SCHEMA);
    }

    @Override
    protected ServletContainer container() {
        return ServletContainer.JETTY;
    }

    @Override
    protected void emptyStores() {
        TestPostgres.truncate(SCHEMA);
    }

    @Override
    protected UserRepository users() {
        return storage.users();
    }

    @Override
    protected SessionRepository sessions(UserRepository users) {
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
