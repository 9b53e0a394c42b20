package dev.latchkey.servlet;

import dev.latchkey.core.memory.InMemoryOneTimeTokenRepository;
import dev.latchkey.core.memory.InMemorySessionRepository;
import dev.latchkey.core.memory.InMemoryUserRepository;
import dev.latchkey.core.onetime.OneTimeTokenRepository;
import dev.latchkey.core.session.SessionRepository;
import dev.latchkey.core.throttle.InMemoryLoginThrottle;
import dev.latchkey.core.throttle.LoginThrottle;
import dev.latchkey.core.user.UserRepository;

/** Recovery with real mail, on the in-memory stores. */
class InMemoryRecoveryOverSmtpTest extends AbstractRecoveryOverSmtpTest {

    private InMemoryUserRepository users;

    @Override
    protected UserRepository users() {
        users = new InMemoryUserRepository();
        return users;
    }

    @Override
    protected SessionRepository sessions() {
        return new InMemorySessionRepository(users);
    }

    @Override
    protected OneTimeTokenRepository oneTimeTokens() {
        return new InMemoryOneTimeTokenRepository();
    }

    @Override
    protected LoginThrottle throttle() {
        return new InMemoryLoginThrottle();
    }

    @Override
    protected String storeName() {
        return "the in-memory stores";
    }
}
