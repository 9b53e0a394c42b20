package dev.latchkey.core.memory;

import dev.latchkey.core.contract.RolesAndAdministrationContract;
import dev.latchkey.core.session.SessionRepository;
import dev.latchkey.core.user.UserRepository;

class InMemoryRolesAndAdministrationTest extends RolesAndAdministrationContract {

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
