package dev.latchkey.jdbi;

import dev.latchkey.core.contract.UserRepositoryContract;
import dev.latchkey.core.user.UserRepository;
import dev.latchkey.jdbi.testing.TestPostgres;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestPostgres.class)
class PostgresUserRepositoryTest extends UserRepositoryContract {

    private static final String SCHEMA = "latchkey_jdbi_users";
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
}
