package dev.latchkey.core.memory;

import dev.latchkey.core.contract.RefreshContract;
import dev.latchkey.core.session.SessionRepository;
import dev.latchkey.core.user.UserRepository;

class InMemoryRefreshTest extends RefreshContract {

    @Override
    protected UserRepository createUserRepository() {
        return new InMemoryUserRepository();
    }

    @Override
    protected SessionRepository createSessionRepository() {
        return new InMemorySessionRepository();
    }
}
