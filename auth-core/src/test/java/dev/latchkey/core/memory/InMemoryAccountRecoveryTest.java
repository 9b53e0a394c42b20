package dev.latchkey.core.memory;

import dev.latchkey.core.contract.AccountRecoveryContract;
import dev.latchkey.core.onetime.OneTimeTokenRepository;
import dev.latchkey.core.session.SessionRepository;
import dev.latchkey.core.throttle.InMemoryLoginThrottle;
import dev.latchkey.core.throttle.LoginThrottle;
import dev.latchkey.core.user.UserRepository;

class InMemoryAccountRecoveryTest extends AccountRecoveryContract {

    private final InMemoryUserRepository users = new InMemoryUserRepository();

    @Override
    protected UserRepository createUserRepository() {
        return users;
    }

    @Override
    protected SessionRepository createSessionRepository() {
        return new InMemorySessionRepository(users);
    }

    @Override
    protected OneTimeTokenRepository createOneTimeTokenRepository() {
        return new InMemoryOneTimeTokenRepository();
    }

    @Override
    protected LoginThrottle createThrottle() {
        return new InMemoryLoginThrottle();
    }
}
