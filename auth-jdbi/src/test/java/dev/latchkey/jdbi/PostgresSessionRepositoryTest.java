package dev.latchkey.jdbi;

import dev.latchkey.core.contract.SessionRepositoryContract;
import dev.latchkey.core.session.SessionRepository;
import dev.latchkey.core.user.UserRepository;
import dev.latchkey.jdbi.testing.TestPostgres;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestPostgres.class)
class PostgresSessionRepositoryTest extends SessionRepositoryContract {

    private static final String SCHEMA = "latchkey_jdbi_sessions";
    private static PostgresStorage storage;

    @BeforeAll
    static void createSchema() {
        storage = TestPostgres.freshStorage(SCHEMA);
    }

    @Override
    protected SessionRepository createSessionRepository() {
        TestPostgres.truncate(SCHEMA);
        return storage.sessions();
    }

    @Override
    protected UserRepository userRepositoryForSessions() {
        return storage.users();
    }
}
