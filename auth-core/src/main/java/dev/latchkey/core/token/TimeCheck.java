package dev.latchkey.core.token;

import dev.latchkey.core.InvalidTokenException;
import dev.latchkey.core.InvalidTokenException.Reason;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The time step, repeated on every use of a token: refused from its {@code exp} on, and before
 * its {@code nbf} or {@code iat}, each with a leeway for clock skew.
 */
final class TimeCheck {

    private final Duration leeway;

    TimeCheck(Duration leeway) {
        this.leeway = Objects.requireNonNull(leeway, "leeway");
    }

    /**
     * Checks a token's times at {@code now}.
     *
     * @throws InvalidTokenException {@link Reason#EXPIRED} or {@link Reason#NOT_YET_VALID}
     */
    void check(VerifiedAccessToken token, Instant notBefore, Instant now) {
        if (!now.isBefore(token.expiresAt().plus(leeway))) {
            throw new InvalidTokenException(Reason.EXPIRED);
        }
        Instant earliest = now.plus(leeway);
        if ((notBefore != null && earliest.isBefore(notBefore)) || earliest.isBefore(token.issuedAt())) {
            throw new InvalidTokenException(Reason.NOT_YET_VALID);
        }
    }
}
