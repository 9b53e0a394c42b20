package dev.latchkey.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.core.InvalidTokenException.Reason;
import dev.latchkey.core.session.SessionRepository;
import dev.latchkey.core.testing.Fixtures;
import dev.latchkey.core.token.KeyRing;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Building the façade does no I/O: a service starts, and verifies access tokens, while its store
 * is down. The sessions that ended before it started are read on the first verification that
 * finds the store up.
 */
class StartWithStoreDownTest {

    private final LatchkeyFixture f = new LatchkeyFixture();
    private final AtomicBoolean down = new AtomicBoolean();
    private final AtomicInteger calls = new AtomicInteger();

    /** The fixture's session store, failing every call while {@link #down} is set. */
    private SessionRepository flakySessions() {
        return (SessionRepository) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {SessionRepository.class}, (proxy, method, args) -> {
                    calls.incrementAndGet();
                    if (down.get()) {
                        throw new StorageUnavailableException("down", null);
                    }
                    try {
                        return method.invoke(f.sessions, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private Latchkey anotherInstance() {
        return Latchkey.builder().users(f.users).sessions(flakySessions()).keys(KeyRing.hs256(Fixtures.SECRET))
                .config(Fixtures.fastConfig().build()).clock(f.clock).build();
    }

    @Test
    void buildingTheFacadeDoesNoIo() {
        down.set(true);

        anotherInstance();

        assertThat(calls).hasValue(0);
    }

    @Test
    void whileTheStoreIsDownTokensVerifyAndOnceItIsBackTheSessionsEndedBeforeTheStartAreRefused() {
        LoginResult kept = f.registerAndLogin("kept@example.com");
        LoginResult ended = f.registerAndLogin("ended@example.com");
        f.latchkey.logout(f.latchkey.verify(ended.accessToken().value()), null);
        down.set(true);

        Latchkey started = anotherInstance();

        assertThat(started.verify(kept.accessToken().value()).userId()).isEqualTo(kept.account().id());
        assertThat(started.verify(ended.accessToken().value()))
                .as("not known to be ended until the store answers").isNotNull();
        int tries = calls.get();
        started.verify(kept.accessToken().value());
        assertThat(calls.get()).as("no second try within the second").isEqualTo(tries);

        down.set(false);
        f.clock.advance(Duration.ofSeconds(1));

        assertThat(started.verify(kept.accessToken().value()).userId()).isEqualTo(kept.account().id());
        assertThatThrownBy(() -> started.verify(ended.accessToken().value()))
                .isInstanceOfSatisfying(InvalidTokenException.class, e -> assertThat(e.reason())
                        .isEqualTo(Reason.REVOKED));
    }

    @Test
    void anInstanceBuiltWithTheStoreUpRefusesAnEarlierLogoutOnItsFirstVerification() {
        LoginResult ended = f.registerAndLogin("ended@example.com");
        f.latchkey.logout(f.latchkey.verify(ended.accessToken().value()), null);

        Latchkey started = anotherInstance();

        assertThatThrownBy(() -> started.verify(ended.accessToken().value()))
                .isInstanceOfSatisfying(InvalidTokenException.class, e -> assertThat(e.reason())
                        .isEqualTo(Reason.REVOKED));
    }
}
