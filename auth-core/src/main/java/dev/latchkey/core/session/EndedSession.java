package dev.latchkey.core.session;

import dev.latchkey.core.SessionId;
import dev.latchkey.core.UserId;
import java.time.Instant;
import java.util.Objects;

/**
 * A session that was ended, as the revocation feed reports it to other nodes.
 *
 * @param sessionId the session
 * @param userId whose it was
 * @param endedAt when it was ended
 */
public record EndedSession(SessionId sessionId, UserId userId, Instant endedAt) {

    /** Checks all parts are present. */
    public EndedSession {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(endedAt, "endedAt");
    }
}
