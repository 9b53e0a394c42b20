package dev.latchkey.core.memory;

import dev.latchkey.core.contract.RefreshContract;
import dev.latchkey.core.session.SessionRepository;
import dev.latchkey.core.user.UserRepository;

class InMemoryRefreshTest extends RefreshContract {

    private final InMemoryUserRepository users = new InMemoryUserRepository();

    @Override
    protected UserRepository createUserRepository() {
        return users;
    }

    @Override
    protected SessionRepository createSessionRepository() {
        return new InMemorySessionRepository(users);
    }
}
