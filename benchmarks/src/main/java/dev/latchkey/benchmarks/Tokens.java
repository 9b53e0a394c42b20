package dev.latchkey.benchmarks;

import dev.latchkey.core.ClientInfo;
import dev.latchkey.core.Latchkey;
import dev.latchkey.core.LatchkeyConfig;
import dev.latchkey.core.memory.InMemorySessionRepository;
import dev.latchkey.core.memory.InMemoryUserRepository;
import dev.latchkey.core.token.KeyRing;
import dev.latchkey.core.user.Registration;

/**
 * Realistic access tokens (header typ at+jwt and kid; iss, sub, aud, iat, nbf, exp, jti, sid),
 * issued the way a host gets them: a Latchkey over in-memory stores, one logged-in session, and a
 * refresh (without rotation) for each new token.
 */
final class Tokens {

    static final String SECRET = "benchmark-secret-key-0123456789abcdef";
    static final String ISSUER = "latchkey";
    static final String AUDIENCE = "latchkey";
    static final ClientInfo CLIENT = new ClientInfo("203.0.113.7", "benchmark");
    static final String EMAIL = "bench@example.com";
    static final String PASSWORD = "testpassword123";

    private final Latchkey latchkey;
    private final String refreshToken;

    private Tokens(Latchkey latchkey, String refreshToken) {
        this.latchkey = latchkey;
        this.refreshToken = refreshToken;
    }

    /** A Latchkey signing with {@code keys}, the cheapest bcrypt cost, and one session. */
    static Tokens over(KeyRing keys) {
        InMemoryUserRepository users = new InMemoryUserRepository();
        Latchkey latchkey = Latchkey.builder()
                .users(users)
                .sessions(new InMemorySessionRepository(users))
                .keys(keys)
                .config(LatchkeyConfig.builder().issuer(ISSUER).audience(AUDIENCE)
                        .bcryptCost(LatchkeyConfig.MIN_BCRYPT_COST).refreshTokenRotation(false).build())
                .build();
        latchkey.register(new Registration("Bench", EMAIL, null, PASSWORD));
        return new Tokens(latchkey, latchkey.login(EMAIL, PASSWORD, "bench", CLIENT).refreshToken());
    }

    /** The Latchkey that issued the tokens, and verifies them. */
    Latchkey latchkey() {
        return latchkey;
    }

    /** The session's refresh token. */
    String refreshToken() {
        return refreshToken;
    }

    /** A new access token of the session. */
    String issue() {
        return latchkey.refresh(refreshToken, CLIENT).accessToken().value();
    }
}
