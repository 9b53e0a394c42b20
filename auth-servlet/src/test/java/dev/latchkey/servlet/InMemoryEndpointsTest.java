package dev.latchkey.servlet;

import dev.latchkey.core.memory.InMemorySessionRepository;
import dev.latchkey.core.memory.InMemoryUserRepository;
import dev.latchkey.core.session.SessionRepository;
import dev.latchkey.core.user.UserRepository;

class InMemoryEndpointsTest extends AbstractEndpointsTest {

    private final InMemoryUserRepository users = new InMemoryUserRepository();

    @Override
    protected UserRepository users() {
        return users;
    }

    @Override
    protected SessionRepository sessions() {
        return new InMemorySessionRepository(users);
    }
}
