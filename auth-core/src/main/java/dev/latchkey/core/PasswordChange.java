package dev.latchkey.core;

import dev.latchkey.core.event.AuthEvent;
import dev.latchkey.core.onetime.OneTimeTokenRepository;
import dev.latchkey.core.onetime.TokenPurpose;
import dev.latchkey.core.session.EndReason;
import dev.latchkey.core.token.VerifiedAccessToken;
import dev.latchkey.core.user.Emails;
import dev.latchkey.core.user.User;
import dev.latchkey.core.user.UserRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Changes a password and ends every other session of the user (OWASP ASVS 4.0.3 §3.3.3); the
 * caller's session stays. Checking the current password is a password check like a login's: it is
 * reserved with the throttle first and a wrong one counts as a failed login of the account, so a
 * stolen access token is no unthrottled password oracle.
 */
final class PasswordChange {

    private final UserRepository users;
    private final OneTimeTokenRepository oneTimeTokens;
    private final PasswordHasher hasher;
    private final AttemptLimits attempts;
    private final SessionLifecycle lifecycle;
    private final Clock clock;
    private final Events events;

    /** The use case over its collaborators. */
    PasswordChange(UserRepository users, OneTimeTokenRepository oneTimeTokens, PasswordHasher hasher, AttemptLimits attempts,
            SessionLifecycle lifecycle, Clock clock, Events events) {
        this.users = users;
        this.oneTimeTokens = oneTimeTokens;
        this.hasher = hasher;
        this.attempts = attempts;
        this.lifecycle = lifecycle;
        this.clock = clock;
        this.events = events;
    }

    /** Changes the password; see {@code Latchkey.changePassword}. */
    void change(VerifiedAccessToken caller, String currentPassword, String newPassword, ClientInfo client) {
        User user = users.findById(caller.userId())
                .orElseThrow(() -> new InvalidTokenException(InvalidTokenException.Reason.REVOKED));
        PasswordPolicy.problem(newPassword).ifPresent(message -> {
            throw ValidationException.of("new_password", message);
        });
        Instant now = clock.instant();
        AttemptLimits.Reservation reservation =
                attempts.reservePasswordCheck(AttemptLimits.account(user.id()), client.ipAddress(), now);
        if (reservation.refusal().isPresent()) {
            Duration wait = reservation.refusal().get();
            events.publish(new AuthEvent.LoginThrottled(now, Emails.normalise(user.email()), client,
                    wait));
            throw new ThrottledException(ThrottledException.LOGIN_MESSAGE, wait);
        }
        // An imported user with an imported session may never have logged in here: the hash the
        // previous system wrote is checked as a login checks it.
        if (!hasher.verify(currentPassword, user.passwordHash(), user.legacyPassword())) {
            events.publish(new AuthEvent.LoginFailed(now, Emails.normalise(user.email()), user.id(),
                    client));
            throw ValidationException.of("current_password", "Current password is incorrect");
        }
        reservation.succeeded();
        if (newPassword.equals(currentPassword)) {
            throw ValidationException.of("new_password", "New password must differ from the current one");
        }
        if (!users.replacePasswordHash(user.id(), user.passwordHash(), hasher.hash(newPassword))) {
            // Someone changed it between our read and our write: theirs stands.
            throw ValidationException.of("current_password", "Current password is incorrect");
        }
        // A reset link mailed before the change must not undo it.
        oneTimeTokens.deleteAll(user.id(), TokenPurpose.PASSWORD_RESET);
        events.publish(new AuthEvent.PasswordChanged(clock.instant(), user.id()));
        lifecycle.endAll(user.id(), EndReason.PASSWORD_CHANGED, caller.sessionId());
    }
}
