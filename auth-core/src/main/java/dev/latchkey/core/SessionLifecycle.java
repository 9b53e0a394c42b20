package dev.latchkey.core;

import dev.latchkey.core.event.AuthEvent;
import dev.latchkey.core.session.EndReason;
import dev.latchkey.core.session.RefreshTokenHash;
import dev.latchkey.core.session.Session;
import dev.latchkey.core.session.SessionRepository;
import dev.latchkey.core.session.TokenMatch;
import dev.latchkey.core.token.AccessTokens;
import dev.latchkey.core.token.VerifiedAccessToken;
import dev.latchkey.core.user.UserRepository;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Ends sessions: logout, one device, every device, every other device. Each end is stored, then
 * put on the revocation list before the call returns, so the session's access tokens are refused
 * at once. Ending every session of a user first moves the user's session epoch forward, so that a
 * login in flight cannot open a session that outlives the end (see {@link PasswordLogin}).
 */
final class SessionLifecycle {

    private final UserRepository users;
    private final SessionRepository sessions;
    private final AccessTokens tokens;
    private final Clock clock;
    private final Events events;

    /** The use case over its collaborators. */
    SessionLifecycle(UserRepository users, SessionRepository sessions, AccessTokens tokens, Clock clock,
            Events events) {
        this.users = users;
        this.sessions = sessions;
        this.tokens = tokens;
        this.clock = clock;
        this.events = events;
    }

    /** Ends the caller's session and, if it is the same user's, the refresh token's session. */
    void logout(VerifiedAccessToken caller, String refreshToken) {
        end(caller.sessionId(), EndReason.LOGOUT);
        if (RefreshTokens.isPresentable(refreshToken)) {
            Optional<TokenMatch> match = sessions.findByTokenHash(RefreshTokenHash.of(refreshToken));
            // RFC 7009 §2.2: an unknown token, or another user's, is no error; it is left alone.
            match.map(TokenMatch::session)
                    .filter(s -> s.userId().equals(caller.userId()) && !s.id().equals(caller.sessionId()))
                    .ifPresent(s -> end(s.id(), EndReason.LOGOUT));
        }
    }

    /** Ends one of the caller's sessions by id. */
    void endOwnSession(VerifiedAccessToken caller, SessionId id) {
        Session session = sessions.findById(id).orElseThrow(SessionNotFoundException::new);
        if (!session.userId().equals(caller.userId())) {
            throw new AccessDeniedException("That session belongs to another user");
        }
        end(id, EndReason.REVOKED);
    }

    /**
     * Ends every session of the user but {@code keep} (null: every one) and returns those ended.
     * Without a kept session, every access token of the user issued until now is revoked too.
     */
    List<Session> endAll(UserId userId, EndReason reason, SessionId keep) {
        Instant now = clock.instant();
        // Before the sessions end: a login that read the old epoch and stores its session after this
        // step sees the new epoch when it reads again; one that stored it before has it ended below.
        users.advanceSessionEpoch(userId);
        List<Session> ended = sessions.endAll(userId, now, reason, keep);
        for (Session session : ended) {
            tokens.sessionEnded(session.id(), session.endedAt());
        }
        if (keep == null) {
            tokens.tokensRevokedBefore(userId, now);
        }
        events.publish(new AuthEvent.AllSessionsEnded(now, userId, Views.deviceSessions(ended), reason));
        return ended;
    }

    /** Ends one session; a session already ended stays as it was. */
    void end(SessionId id, EndReason reason) {
        Instant now = clock.instant();
        Optional<Session> ended = sessions.end(id, now, reason);
        // Recorded even when the store says it was ended already: another node may have ended it
        // and this one may not have heard yet.
        tokens.sessionEnded(id, ended.map(Session::endedAt).orElse(now));
        ended.ifPresent(s -> events.publish(new AuthEvent.SessionEnded(now, Views.deviceSession(s), reason)));
    }
}
