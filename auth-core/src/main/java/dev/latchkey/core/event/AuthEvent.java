package dev.latchkey.core.event;

import dev.latchkey.core.Account;
import dev.latchkey.core.Actor;
import dev.latchkey.core.ClientInfo;
import dev.latchkey.core.DeviceSession;
import dev.latchkey.core.UserId;
import dev.latchkey.core.session.EndReason;
import dev.latchkey.core.onetime.TokenPurpose;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Something that happened, for audit logs, alerts and metrics. Each kind is a record; the
 * {@link AuthEventListener} has one method per kind.
 */
public sealed interface AuthEvent {

    /** When it happened. */
    Instant at();

    /** A user registered. */
    record Registered(Instant at, Account account) implements AuthEvent {
    }

    /** A login succeeded and created {@code session}. */
    record LoginSucceeded(Instant at, Account account, DeviceSession session) implements AuthEvent {
    }

    /**
     * A login failed: unknown email, wrong password or disabled account.
     *
     * @param userId the user, when the email belongs to one
     */
    record LoginFailed(Instant at, String email, UserId userId, ClientInfo client) implements AuthEvent {
    }

    /**
     * A password check (a login, or a password change's current password) was refused before the
     * password was looked at, because of earlier failures.
     */
    record LoginThrottled(Instant at, String email, ClientInfo client, Duration retryAfter) implements AuthEvent {
    }

    /**
     * A registration was refused before anything was hashed: too many from the address, or too
     * many at once.
     *
     * @param client the client, or null for a registration no client asked for
     */
    record RegistrationThrottled(Instant at, ClientInfo client, Duration retryAfter) implements AuthEvent {
    }

    /** A refresh token was exchanged for an access token; {@code rotated} when it was also replaced. */
    record Refreshed(Instant at, DeviceSession session, boolean rotated) implements AuthEvent {
    }

    /**
     * A replaced refresh token was presented after the grace period: it was probably stolen. The
     * session was ended.
     */
    record RefreshTokenReuseDetected(Instant at, DeviceSession session, ClientInfo client) implements AuthEvent {
    }

    /** One session ended. */
    record SessionEnded(Instant at, DeviceSession session, EndReason reason) implements AuthEvent {
    }

    /** Every session of a user (but perhaps the caller's) ended at once. */
    record AllSessionsEnded(Instant at, UserId userId, List<DeviceSession> sessions, EndReason reason)
            implements AuthEvent {
        /** Copies the list. */
        public AllSessionsEnded {
            sessions = List.copyOf(sessions);
        }
    }

    /** A user's password was changed. */
    record PasswordChanged(Instant at, UserId userId) implements AuthEvent {
    }

    /**
     * A password reset was asked for (whether or not the email is an account's: the event tells
     * an audit log what was asked, not what exists).
     *
     * @param email the email as asked for, trimmed and lower-cased
     */
    record PasswordResetRequested(Instant at, String email, ClientInfo client) implements AuthEvent {
    }

    /** A user set a new password with a reset link; every session of theirs ended with it. */
    record PasswordReset(Instant at, UserId userId, ClientInfo client) implements AuthEvent {
    }

    /** A reset or verification link was refused: unknown, used, replaced or expired. */
    record OneTimeTokenRefused(Instant at, TokenPurpose purpose, ClientInfo client) implements AuthEvent {
    }

    /** A user verified their email with a link. */
    record EmailVerified(Instant at, UserId userId, String email) implements AuthEvent {
    }

    /** A user's email was changed; it is not verified until the link sent to it is opened. */
    record EmailChanged(Instant at, UserId userId, String email) implements AuthEvent {
    }

    /**
     * An administrator (or the system) acted on users: see {@code Administration}. Every
     * administrative call publishes one, naming who acted, also when it changed nothing (a role
     * granted twice); a call refused for want of the role publishes none (the caller was never an
     * administrator).
     *
     * @param actor who acted
     * @param kind what they did
     * @param userId the user acted on; null for a listing
     * @param detail the role granted or removed, the session ended, or the listing's search
     *     ({@code text=…, role=…, page=…}); null for the rest
     */
    record AdminAction(Instant at, Actor actor, AdminAction.Kind kind, UserId userId, String detail)
            implements AuthEvent {

        /** What an administrator did. */
        public enum Kind {
            /** Listed users. */
            LISTED_USERS,
            /** Read one user with their sessions. */
            VIEWED_USER,
            /** Disabled a user (every session of theirs ended too). */
            DISABLED_USER,
            /** Enabled a user. */
            ENABLED_USER,
            /** Ended one session of a user. */
            ENDED_SESSION,
            /** Granted a role. */
            GRANTED_ROLE,
            /** Removed a role (the user's access tokens from before were refused from then on). */
            REMOVED_ROLE
        }

        /** Checks the required parts. */
        public AdminAction {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(actor, "actor");
            Objects.requireNonNull(kind, "kind");
        }
    }
}
