package dev.latchkey.core;

import dev.latchkey.core.event.AuthEvent;
import dev.latchkey.core.onetime.OneTimeToken;
import dev.latchkey.core.onetime.OneTimeTokenRepository;
import dev.latchkey.core.onetime.TokenPurpose;
import dev.latchkey.core.user.Emails;
import dev.latchkey.core.user.User;
import dev.latchkey.core.user.UserRepository;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Email verification: a single-use link mailed at registration, on request and after an email
 * change proves that the user receives mail at the address; {@link LatchkeyConfig#requireVerifiedEmail()}
 * makes logins wait for it.
 */
final class EmailVerification {

    /** The refusal of a login before the email was verified. */
    static final String NOT_VERIFIED = "Email address not verified; open the link we mailed you, or reset your"
            + " password with 'forgot password': its link verifies the email too";

    private final UserRepository users;
    private final OneTimeTokenRepository store;
    private final AttemptLimits attempts;
    private final LinkMail mail;
    private final Clock clock;
    private final Events events;

    EmailVerification(UserRepository users, OneTimeTokenRepository store, AttemptLimits attempts, LinkMail mail,
            Clock clock, Events events) {
        this.users = users;
        this.store = store;
        this.attempts = attempts;
        this.mail = mail;
        this.clock = clock;
        this.events = events;
    }

    /** Mails a verification link to a user whose email is not verified yet, off this thread. */
    void send(UserId userId, List<Locale> languages) {
        Locale language = mail.language(languages);
        mail.later(() -> users.findById(userId).filter(u -> !u.emailVerified())
                .ifPresent(u -> mail.issueAndSend(u, TokenPurpose.EMAIL_VERIFICATION, language)));
    }

    /** See {@code Latchkey.sendVerificationEmail}. */
    void resend(UserId userId, ClientInfo client, List<Locale> languages) {
        User user = users.findById(userId)
                .orElseThrow(() -> new InvalidTokenException(InvalidTokenException.Reason.REVOKED));
        if (user.emailVerified()) {
            return;
        }
        attempts.recoveryRequest(user.email(), client.ipAddress(), clock.instant()).ifPresent(wait -> {
            throw new ThrottledException(ThrottledException.RECOVERY_MESSAGE, wait);
        });
        send(userId, languages);
    }

    /** See {@code Latchkey.verifyEmail}. */
    Account verify(String token, ClientInfo client) {
        Instant now = clock.instant();
        AttemptLimits.TokenUse use = attempts.reserveTokenUse(client.ipAddress(), now);
        if (use.refusal().isPresent()) {
            throw new ThrottledException(ThrottledException.RECOVERY_MESSAGE, use.refusal().get());
        }
        Optional<OneTimeToken> consumed = OneTimeTokens.isWellFormed(token)
                ? store.consume(OneTimeTokens.hash(token), TokenPurpose.EMAIL_VERIFICATION, now) : Optional.empty();
        // A link sent to an address the user has left proves nothing about the new one.
        if (consumed.isEmpty() || !users.markEmailVerified(consumed.get().userId(), consumed.get().email())) {
            events.publish(new AuthEvent.OneTimeTokenRefused(now, TokenPurpose.EMAIL_VERIFICATION, client));
            throw ValidationException.of("token", PasswordReset.INVALID_LINK);
        }
        use.succeeded();
        User user = users.findById(consumed.get().userId())
                .orElseThrow(() -> ValidationException.of("token", PasswordReset.INVALID_LINK));
        events.publish(new AuthEvent.EmailVerified(now, user.id(), consumed.get().email()));
        return Views.account(user);
    }

    /** See {@code Latchkey.changeEmail}. */
    Account changeEmail(UserId userId, String newEmail, List<Locale> languages) {
        String email = newEmail == null ? "" : newEmail.strip();
        Emails.problem(email).ifPresent(problem -> {
            throw ValidationException.of("email", problem);
        });
        User changed = users.changeEmail(userId, email).orElseThrow(UserNotFoundException::new);
        // Links sent to the old address stop working.
        store.deleteAll(userId, TokenPurpose.EMAIL_VERIFICATION);
        store.deleteAll(userId, TokenPurpose.PASSWORD_RESET);
        events.publish(new AuthEvent.EmailChanged(clock.instant(), userId, changed.email()));
        send(userId, languages);
        return Views.account(changed);
    }
}
