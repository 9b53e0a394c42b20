package dev.latchkey.jdbi;

import dev.latchkey.core.contract.OneTimeTokenRepositoryContract;
import dev.latchkey.core.onetime.OneTimeTokenRepository;
import dev.latchkey.core.user.UserRepository;
import dev.latchkey.jdbi.testing.TestPostgres;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestPostgres.class)
class PostgresOneTimeTokenRepositoryTest extends OneTimeTokenRepositoryContract {

    private static final String SCHEMA = "latchkey_jdbi_one_time_tokens";
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
    protected OneTimeTokenRepository createOneTimeTokenRepository() {
        return storage.oneTimeTokens();
    }
}
