package dev.latchkey.jdbi;

import dev.latchkey.core.contract.AccountRecoveryContract;
import dev.latchkey.core.onetime.OneTimeTokenRepository;
import dev.latchkey.core.session.SessionRepository;
import dev.latchkey.core.throttle.LoginThrottle;
import dev.latchkey.core.user.UserRepository;
import dev.latchkey.jdbi.testing.TestPostgres;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestPostgres.class)
class PostgresAccountRecoveryTest extends AccountRecoveryContract {

    private static final String SCHEMA = "latchkey_jdbi_recovery";
    private static PostgresStorage storage;

    @BeforeAll
    static void createSchema() {
        storage = TestPostgres.freshStorage(SCHEMA);
    }

    @Override
    protected UserRepository createUserRepository() {
        TestPostgres.truncate(SCHEMA);
        return storage.users();
    }

    @Override
    protected SessionRepository createSessionRepository() {
        return storage.sessions();
    }

    @Override
    protected OneTimeTokenRepository createOneTimeTokenRepository() {
        return storage.oneTimeTokens();
    }

    @Override
    protected LoginThrottle createThrottle() {
        return storage.loginThrottle();
    }
}
