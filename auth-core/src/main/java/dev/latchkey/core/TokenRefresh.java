package dev.latchkey.core;

import dev.latchkey.core.InvalidTokenException.Reason;
import dev.latchkey.core.event.AuthEvent;
import dev.latchkey.core.session.EndReason;
import dev.latchkey.core.session.RefreshTokenHash;
import dev.latchkey.core.session.Session;
import dev.latchkey.core.session.SessionRepository;
import dev.latchkey.core.session.TokenMatch;
import dev.latchkey.core.session.Usable;
import dev.latchkey.core.session.UsedSession;
import dev.latchkey.core.token.AccessTokens;
import dev.latchkey.core.token.IssuedAccessToken;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Exchanges a refresh token for a new access token.
 *
 * <p>Without rotation (the guide's behaviour) the token stays and the session's last use is
 * recorded, in one conditional write.
 *
 * <p>With rotation, the token is replaced by its derived successor in one conditional write, of
 * which only one of any number of racing calls succeeds. A call that loses the race, or a retry
 * within the grace period, finds the token replaced by exactly the successor it derives itself and
 * gets that same successor: the chain never forks. A replaced token presented after the grace
 * period, or after its successor was itself replaced, is taken for theft: the session ends (only
 * that device's), and an event says so. A storage failure ends nothing: it propagates, and the
 * old token keeps working.
 *
 * <p>A session imported from another system is refreshed with the token its client already holds,
 * whatever its shape (see {@link RefreshTokens#isPresentable}); with rotation, its successor is a
 * token of Latchkey's own form.
 */
final class TokenRefresh {

    private final SessionRepository sessions;
    private final RefreshTokens refreshTokens;
    private final AccessTokens tokens;
    private final SessionLifecycle lifecycle;
    private final boolean rotation;
    private final Duration grace;
    private final Optional<Duration> idleTimeout;
    private final Clock clock;
    private final Events events;

    /** The use case over its collaborators. */
    TokenRefresh(SessionRepository sessions, RefreshTokens refreshTokens, AccessTokens tokens,
            SessionLifecycle lifecycle, boolean rotation, Duration grace, Optional<Duration> idleTimeout, Clock clock,
            Events events) {
        this.sessions = sessions;
        this.refreshTokens = refreshTokens;
        this.tokens = tokens;
        this.lifecycle = lifecycle;
        this.rotation = rotation;
        this.grace = grace;
        this.idleTimeout = idleTimeout;
        this.clock = clock;
        this.events = events;
    }

    /** Refreshes; see {@code Latchkey.refresh}. */
    RefreshResult refresh(String refreshToken, ClientInfo client) {
        if (!RefreshTokens.isPresentable(refreshToken)) {
            throw new InvalidTokenException(Reason.MALFORMED);
        }
        Instant now = clock.instant();
        Usable usable = new Usable(now, idleTimeout.map(now::minus).orElse(Instant.MIN));
        RefreshTokenHash presented = RefreshTokenHash.of(refreshToken);
        return rotation
                ? rotate(refreshToken, presented, usable, client)
                : keep(presented, usable, client);
    }

    private RefreshResult keep(RefreshTokenHash presented, Usable usable, ClientInfo client) {
        UsedSession used = sessions.touch(presented, usable, client.ipAddress())
                .orElseThrow(() -> refusal(presented));
        return issue(used, Optional.empty(), usable.now());
    }

    private RefreshResult rotate(String token, RefreshTokenHash presented, Usable usable, ClientInfo client) {
        String successor = refreshTokens.successor(token);
        RefreshTokenHash next = RefreshTokenHash.of(successor);
        Optional<UsedSession> rotated = sessions.rotate(presented, next, usable, client.ipAddress());
        if (rotated.isPresent()) {
            return issue(rotated.get(), Optional.of(successor), usable.now());
        }
        TokenMatch match = sessions.findByTokenHash(presented)
                .orElseThrow(() -> new InvalidTokenException(Reason.UNKNOWN));
        if (!(match instanceof TokenMatch.Replaced replaced)) {
            throw refusal(match.session());
        }
        Session session = replaced.session();
        if (!usable.test(session)) {
            throw refusal(session);
        }
        boolean inGrace = !usable.now().isAfter(replaced.replacedAt().plus(grace));
        if (inGrace && session.refreshTokenHash().equals(next)) {
            // A retry, or the loser of a race: same successor, recorded as a use of it.
            UsedSession touched = sessions.touch(next, usable, client.ipAddress())
                    .orElseThrow(() -> new InvalidTokenException(Reason.REVOKED));
            return issue(touched, Optional.of(successor), usable.now());
        }
        events.publish(new AuthEvent.RefreshTokenReuseDetected(usable.now(), Views.deviceSession(session), client));
        lifecycle.end(session.id(), EndReason.REFRESH_TOKEN_REUSE);
        throw new InvalidTokenException(Reason.REVOKED);
    }

    private RefreshResult issue(UsedSession used, Optional<String> successor, Instant now) {
        Session session = used.session();
        IssuedAccessToken accessToken = tokens.issue(session.userId(), session.id(), session.expiresAt(),
                used.roles(), used.rolesVersion());
        DeviceSession refreshed = Views.deviceSession(session);
        events.publish(new AuthEvent.Refreshed(now, refreshed, successor.isPresent()));
        return new RefreshResult(refreshed, accessToken, successor);
    }

    /** Looks up why a token was refused (only on the failure path, for the reason). */
    private InvalidTokenException refusal(RefreshTokenHash presented) {
        return sessions.findByTokenHash(presented)
                .map(match -> refusal(match.session()))
                .orElseGet(() -> new InvalidTokenException(Reason.UNKNOWN));
    }

    private static InvalidTokenException refusal(Session session) {
        return new InvalidTokenException(session.isEnded() ? Reason.REVOKED : Reason.EXPIRED);
    }
}
