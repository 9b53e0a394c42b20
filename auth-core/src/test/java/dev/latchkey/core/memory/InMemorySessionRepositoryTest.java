package dev.latchkey.core.memory;

import dev.latchkey.core.contract.SessionRepositoryContract;
import dev.latchkey.core.session.SessionRepository;
import dev.latchkey.core.user.UserRepository;

class InMemorySessionRepositoryTest extends SessionRepositoryContract {

    @Override
    protected SessionRepository createSessionRepository() {
        return new InMemorySessionRepository();
    }

    @Override
    protected UserRepository userRepositoryForSessions() {
        return new InMemoryUserRepository();
    }
}
