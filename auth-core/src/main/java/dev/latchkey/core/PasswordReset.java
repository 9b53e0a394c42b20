package dev.latchkey.core;

import dev.latchkey.core.event.AuthEvent;
import dev.latchkey.core.onetime.OneTimeToken;
import dev.latchkey.core.onetime.OneTimeTokenRepository;
import dev.latchkey.core.onetime.TokenPurpose;
import dev.latchkey.core.session.EndReason;
import dev.latchkey.core.user.Emails;
import dev.latchkey.core.user.User;
import dev.latchkey.core.user.UserRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * "Forgot password": a request mails a single-use link to an existing, active account, and the link
 * sets a new password and ends every session of the user (OWASP ASVS 4.0.3 §2.5). A request does the
 * same work on the caller's thread whether or not the account exists (count it with the throttle,
 * hand a job to the delivery threads), so neither the answer nor its time tells who has an account.
 */
final class PasswordReset {

    /** The answer to a refused link, whatever the reason. */
    static final String INVALID_LINK = "This link is invalid or has expired; ask for a new one";

    private final UserRepository users;
    private final OneTimeTokenRepository store;
    private final PasswordHasher hasher;
    private final AttemptLimits attempts;
    private final SessionLifecycle lifecycle;
    private final LinkMail mail;
    private final Clock clock;
    private final Events events;

    PasswordReset(UserRepository users, OneTimeTokenRepository store, PasswordHasher hasher, AttemptLimits attempts,
            SessionLifecycle lifecycle, LinkMail mail, Clock clock, Events events) {
        this.users = users;
        this.store = store;
        this.hasher = hasher;
        this.attempts = attempts;
        this.lifecycle = lifecycle;
        this.mail = mail;
        this.clock = clock;
        this.events = events;
    }

    /** See {@code Latchkey.requestPasswordReset}. */
    void request(String email, ClientInfo client, List<Locale> languages) {
        if (email == null || email.isBlank()) {
            throw ValidationException.of("email", "Email is required");
        }
        String typed = email.strip();
        Instant now = clock.instant();
        Optional<Duration> wait = attempts.recoveryRequest(typed, client.ipAddress(), now);
        if (wait.isPresent()) {
            throw new ThrottledException(ThrottledException.RECOVERY_MESSAGE, wait.get());
        }
        events.publish(new AuthEvent.PasswordResetRequested(now, Emails.normalise(typed), client));
        Locale language = mail.language(languages);
        // The lookup and the token are the delivery thread's work, for every request alike.
        mail.later(() -> {
            Optional<User> user = Emails.problem(typed).isEmpty() ? users.findByEmail(typed) : Optional.empty();
            user.filter(User::active).ifPresent(u -> mail.issueAndSend(u, TokenPurpose.PASSWORD_RESET, language));
        });
    }

    /** See {@code Latchkey.resetPassword}; returns the user whose password was reset. */
    UserId reset(String token, String newPassword, ClientInfo client) {
        PasswordPolicy.problem(newPassword).ifPresent(message -> {
            throw ValidationException.of("new_password", message);
        });
        Instant now = clock.instant();
        AttemptLimits.TokenUse use = attempts.reserveTokenUse(client.ipAddress(), now);
        if (use.refusal().isPresent()) {
            throw new ThrottledException(ThrottledException.RECOVERY_MESSAGE, use.refusal().get());
        }
        Optional<OneTimeToken> consumed = OneTimeTokens.isWellFormed(token)
                ? store.consume(OneTimeTokens.hash(token), TokenPurpose.PASSWORD_RESET, now) : Optional.empty();
        Optional<User> found = consumed.flatMap(t -> users.findById(t.userId())).filter(User::active);
        if (found.isEmpty()) {
            events.publish(new AuthEvent.OneTimeTokenRefused(now, TokenPurpose.PASSWORD_RESET, client));
            throw ValidationException.of("token", INVALID_LINK);
        }
        use.succeeded();
        User user = found.get();
        String newHash = hasher.hash(newPassword);
        // Compare-and-set against a racing change or login re-hash: the link's owner wins, once.
        for (int tries = 0; !users.replacePasswordHash(user.id(), user.passwordHash(), newHash); tries++) {
            if (tries == 3) {
                throw ValidationException.of("token", INVALID_LINK);
            }
            user = users.findById(user.id()).orElseThrow(() -> ValidationException.of("token", INVALID_LINK));
        }
        store.deleteAll(user.id(), TokenPurpose.PASSWORD_RESET);
        // The link reached the mailbox: that proves the address as a verification link would.
        if (!user.emailVerified()) {
            users.markEmailVerified(user.id(), consumed.get().email());
        }
        events.publish(new AuthEvent.PasswordReset(clock.instant(), user.id(), client));
        lifecycle.endAll(user.id(), EndReason.PASSWORD_CHANGED, null);
        return user.id();
    }
}
