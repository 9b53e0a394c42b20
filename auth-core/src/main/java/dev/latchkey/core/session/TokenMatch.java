package dev.latchkey.core.session;

import java.time.Instant;
import java.util.Objects;

/** What a refresh token hash matched in storage: a session's current token or a replaced one. */
public sealed interface TokenMatch {

    /** The session the token belongs to. */
    Session session();

    /**
     * The hash is the session's current refresh token.
     *
     * @param session the session
     */
    record Current(Session session) implements TokenMatch {
        /** Checks the session is present. */
        public Current {
            Objects.requireNonNull(session, "session");
        }
    }

    /**
     * The hash is a refresh token that rotation replaced.
     *
     * @param session the session it belonged to (as it is now)
     * @param replacedAt when it was replaced
     */
    record Replaced(Session session, Instant replacedAt) implements TokenMatch {
        /** Checks both parts are present. */
        public Replaced {
            Objects.requireNonNull(session, "session");
            Objects.requireNonNull(replacedAt, "replacedAt");
        }
    }
}
