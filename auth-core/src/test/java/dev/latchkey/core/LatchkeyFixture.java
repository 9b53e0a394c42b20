package dev.latchkey.core;

import dev.latchkey.core.memory.InMemorySessionRepository;
import dev.latchkey.core.memory.InMemoryUserRepository;
import dev.latchkey.core.testing.Fixtures;
import dev.latchkey.core.testing.MutableClock;
import dev.latchkey.core.testing.RecordingListener;
import dev.latchkey.core.token.KeyRing;
import java.util.function.UnaryOperator;

/** A Latchkey on in-memory stores with a test clock and a recording listener. */
final class LatchkeyFixture {

    final MutableClock clock = MutableClock.at("2026-11-24T10:00:00Z");
    final InMemoryUserRepository users = new InMemoryUserRepository();
    final InMemorySessionRepository sessions = new InMemorySessionRepository(users);
    final RecordingListener events = new RecordingListener();
    final Latchkey latchkey;

    LatchkeyFixture() {
        this(b -> b);
    }

    LatchkeyFixture(UnaryOperator<LatchkeyConfig.Builder> config) {
        this.latchkey = build(config);
    }

    Latchkey build(UnaryOperator<LatchkeyConfig.Builder> config) {
        return Latchkey.builder()
                .users(users)
                .sessions(sessions)
                .keys(KeyRing.hs256(Fixtures.SECRET))
                .config(config.apply(Fixtures.fastConfig()).build())
                .clock(clock)
                .listener(events)
                .build();
    }

    LoginResult registerAndLogin(String email) {
        latchkey.register(Fixtures.registration(email));
        return login(email);
    }

    LoginResult login(String email) {
        return latchkey.login(email, Fixtures.PASSWORD, "Chrome on Galaxy S24", Fixtures.CLIENT);
    }
}
