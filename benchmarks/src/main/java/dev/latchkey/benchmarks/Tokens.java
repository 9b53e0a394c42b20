package dev.latchkey.benchmarks;

import dev.latchkey.core.SessionId;
import dev.latchkey.core.UserId;
import dev.latchkey.core.token.AccessTokenIssuer;
import dev.latchkey.core.token.KeyRing;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** Realistic access tokens: header typ at+jwt and kid; iss, sub, aud, iat, nbf, exp, jti, sid. */
final class Tokens {

    static final String SECRET = "benchmark-secret-key-0123456789abcdef";
    static final String ISSUER = "latchkey";
    static final String AUDIENCE = "latchkey";

    private Tokens() {
    }

    static String issue(KeyRing keys) {
        AccessTokenIssuer issuer = new AccessTokenIssuer(keys, ISSUER, AUDIENCE, Duration.ofMinutes(30), Clock.systemUTC());
        return issuer.issue(UserId.random(), SessionId.random(), Instant.now().plus(Duration.ofDays(7))).value();
    }
}
