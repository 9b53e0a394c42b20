package dev.latchkey.core.internal;

import dev.latchkey.core.InvalidTokenException;
import dev.latchkey.core.ValidationException;
import dev.latchkey.core.event.AuthEvent;
import dev.latchkey.core.session.EndReason;
import dev.latchkey.core.token.VerifiedAccessToken;
import dev.latchkey.core.user.User;
import dev.latchkey.core.user.UserRepository;
import java.time.Clock;

/**
 * Changes a password and ends every other session of the user (OWASP ASVS 4.0.3 §3.3.3); the
 * caller's session stays.
 */
public final class PasswordChange {

    private final UserRepository users;
    private final PasswordHasher hasher;
    private final SessionLifecycle lifecycle;
    private final Clock clock;
    private final Events events;

    /** The use case over its collaborators. */
    public PasswordChange(UserRepository users, PasswordHasher hasher, SessionLifecycle lifecycle, Clock clock,
            Events events) {
        this.users = users;
        this.hasher = hasher;
        this.lifecycle = lifecycle;
        this.clock = clock;
        this.events = events;
    }

    /** Changes the password; see {@code Latchkey.changePassword}. */
    public void change(VerifiedAccessToken caller, String currentPassword, String newPassword) {
        User user = users.findById(caller.userId())
                .orElseThrow(() -> new InvalidTokenException(InvalidTokenException.Reason.REVOKED));
        PasswordPolicy.problem(newPassword).ifPresent(message -> {
            throw ValidationException.of("new_password", message);
        });
        if (!hasher.verify(currentPassword, user.passwordHash())) {
            throw ValidationException.of("current_password", "Current password is incorrect");
        }
        if (newPassword.equals(currentPassword)) {
            throw ValidationException.of("new_password", "New password must differ from the current one");
        }
        if (!users.replacePasswordHash(user.id(), user.passwordHash(), hasher.hash(newPassword))) {
            // Someone changed it between our read and our write: theirs stands.
            throw ValidationException.of("current_password", "Current password is incorrect");
        }
        events.publish(new AuthEvent.PasswordChanged(clock.instant(), user.id()));
        lifecycle.endAll(user.id(), EndReason.PASSWORD_CHANGED, caller.sessionId());
    }
}
