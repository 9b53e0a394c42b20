package dev.latchkey.core.memory;

import dev.latchkey.core.contract.UserRepositoryContract;
import dev.latchkey.core.user.UserRepository;

class InMemoryUserRepositoryTest extends UserRepositoryContract {

    @Override
    protected UserRepository createUserRepository() {
        return new InMemoryUserRepository();
    }
}
