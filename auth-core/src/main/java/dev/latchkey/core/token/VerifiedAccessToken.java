package dev.latchkey.core.token;

import dev.latchkey.core.SessionId;
import dev.latchkey.core.UserId;
import java.time.Instant;
import java.util.Objects;

/**
 * An access token that passed every check: who presented it and through which session.
 *
 * @param userId the user ({@code sub})
 * @param sessionId the session ({@code sid})
 * @param tokenId the token's unique id ({@code jti})
 * @param issuedAt when it was issued ({@code iat})
 * @param expiresAt when it expires ({@code exp})
 */
public record VerifiedAccessToken(
        UserId userId, SessionId sessionId, String tokenId, Instant issuedAt, Instant expiresAt) {

    /** Checks all parts are present. */
    public VerifiedAccessToken {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(tokenId, "tokenId");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}
