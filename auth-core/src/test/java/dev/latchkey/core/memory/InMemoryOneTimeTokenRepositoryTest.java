package dev.latchkey.core.memory;

import dev.latchkey.core.contract.OneTimeTokenRepositoryContract;
import dev.latchkey.core.onetime.OneTimeTokenRepository;
import dev.latchkey.core.user.UserRepository;

class InMemoryOneTimeTokenRepositoryTest extends OneTimeTokenRepositoryContract {

    @Override
    protected UserRepository createUserRepository() {
        return new InMemoryUserRepository();
    }

    @Override
    protected OneTimeTokenRepository createOneTimeTokenRepository() {
        return new InMemoryOneTimeTokenRepository();
    }
}
