package dev.latchkey.core.memory;

import dev.latchkey.core.contract.SessionRepositoryContract;
import dev.latchkey.core.session.SessionRepository;
import dev.latchkey.core.user.UserRepository;

class InMemorySessionRepositoryTest extends SessionRepositoryContract {

    private final InMemoryUserRepository users = new InMemoryUserRepository();

    @Override
    protected SessionRepository createSessionRepository() {
        return new InMemorySessionRepository(users);
    }

    @Override
    protected UserRepository userRepositoryForSessions() {
        return users;
    }
}
