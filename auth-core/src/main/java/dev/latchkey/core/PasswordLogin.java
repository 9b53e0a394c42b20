package dev.latchkey.core;

import dev.latchkey.core.event.AuthEvent;
import dev.latchkey.core.session.EndReason;
import dev.latchkey.core.session.RefreshTokenHash;
import dev.latchkey.core.session.Session;
import dev.latchkey.core.session.SessionRepository;
import dev.latchkey.core.token.AccessTokens;
import dev.latchkey.core.token.IssuedAccessToken;
import dev.latchkey.core.user.Emails;
import dev.latchkey.core.user.User;
import dev.latchkey.core.user.UserRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Logs in with email and password and opens a session for the device. An unknown email, a wrong
 * password and a disabled account fail alike, after the same bcrypt work. A hash that matches but is
 * outdated (a lower cost, or an imported user's hash from another system) is replaced by a new one
 * of Latchkey's. The attempt is reserved with the throttle before that work (see
 * {@link AttemptLimits}), so parallel guesses cannot outrun it. The session is opened only if no
 * "end every session" of the user (revoke-all, password change, disabling) happened since the
 * password was checked: the user's session epoch is read again after the session was stored, and a
 * change ends the session and fails the login.
 */
final class PasswordLogin {

    /** The longest device name kept, in characters. */
    static final int MAX_DEVICE_NAME_LENGTH = 100;

    private final UserRepository users;
    private final SessionRepository sessions;
    private final PasswordHasher hasher;
    private final AttemptLimits attempts;
    private final RefreshTokens refreshTokens;
    private final AccessTokens tokens;
    private final SessionLifecycle lifecycle;
    private final Duration sessionLifetime;
    private final boolean requireVerifiedEmail;
    private final Clock clock;
    private final Events events;

    /** The use case over its collaborators. */
    PasswordLogin(UserRepository users, SessionRepository sessions, PasswordHasher hasher,
            AttemptLimits attempts, RefreshTokens refreshTokens, AccessTokens tokens, SessionLifecycle lifecycle,
            Duration sessionLifetime, boolean requireVerifiedEmail, Clock clock, Events events) {
        this.users = users;
        this.sessions = sessions;
        this.hasher = hasher;
        this.attempts = attempts;
        this.refreshTokens = refreshTokens;
        this.tokens = tokens;
        this.lifecycle = lifecycle;
        this.sessionLifetime = sessionLifetime;
        this.requireVerifiedEmail = requireVerifiedEmail;
        this.clock = clock;
        this.events = events;
    }

    /** Logs in; see {@code Latchkey.login}. */
    LoginResult login(String email, String password, String deviceName, ClientInfo client) {
        String device = checkInput(email, password, deviceName);
        String typed = email.strip();
        Instant now = clock.instant();
        // Only an email registration would accept can be an account's. Anything else belongs to nobody,
        // whatever a store's own case folding would match (PostgreSQL's lower() folds "İ" to "i"), and
        // text a store cannot even hold would only make it fail.
        Optional<User> found = Emails.problem(typed).isEmpty()
                ? users.findByEmail(typed) : Optional.empty();
        String account = found.map(u -> AttemptLimits.account(u.id()))
                .orElseGet(() -> AttemptLimits.unknownAccount(typed));
        AttemptLimits.Reservation reservation = attempts.reservePasswordCheck(account, client.ipAddress(), now);
        String normalised = Emails.normalise(typed);
        if (reservation.refusal().isPresent()) {
            Duration wait = reservation.refusal().get();
            events.publish(new AuthEvent.LoginThrottled(now, normalised, client, wait));
            throw new ThrottledException(ThrottledException.LOGIN_MESSAGE, wait);
        }
        PasswordHasher.Check check;
        if (found.isPresent()) {
            check = hasher.check(password, found.get().passwordHash(), found.get().legacyPassword());
        } else {
            hasher.checkDummy(password);
            check = PasswordHasher.Check.NO_MATCH;
        }
        if (!check.matched() || !found.get().active()) {
            events.publish(new AuthEvent.LoginFailed(now, normalised, found.map(User::id).orElse(null), client));
            throw new InvalidCredentialsException();
        }
        reservation.succeeded();
        User user = found.get();
        if (requireVerifiedEmail && !user.emailVerified()) {
            // Told only to whoever knows the password: no account is revealed by it.
            throw new AccessDeniedException(EmailVerification.NOT_VERIFIED);
        }
        if (check == PasswordHasher.Check.MATCH_OUTDATED) {
            String newHash = hasher.hash(password);
            // Compare-and-set: a concurrent login's re-hash or a password change wins over ours. It also
            // clears an imported user's legacy flag, so the old stack's 72-byte cut ends with its hash.
            if (users.replacePasswordHash(user.id(), user.passwordHash(), newHash)) {
                user = user.withPasswordHash(newHash);
            }
        }
        String refreshToken = refreshTokens.generate();
        Session session = new Session(SessionId.random(), user.id(), RefreshTokenHash.of(refreshToken), device,
                client.ipAddress(), client.userAgent(), now, now, client.ipAddress(), now.plus(sessionLifetime),
                null, null);
        sessions.create(session);
        Optional<User> current = stillInEpoch(user);
        if (current.isEmpty()) {
            lifecycle.end(session.id(), EndReason.LOGIN_INTERRUPTED);
            events.publish(new AuthEvent.LoginFailed(now, normalised, user.id(), client));
            throw new InvalidCredentialsException();
        }
        // The roles as they are now, read after the session was stored: a role removed since the
        // password check is not in the token, and one removed after this read makes it stale.
        user = current.get();
        IssuedAccessToken accessToken = tokens.issue(user.id(), session.id(), session.expiresAt(), user.roles(),
                user.rolesVersion());
        Account who = Views.account(user);
        DeviceSession opened = Views.deviceSession(session);
        events.publish(new AuthEvent.LoginSucceeded(now, who, opened));
        return new LoginResult(who, opened, accessToken, refreshToken);
    }

    /**
     * The user as stored now, if still active and no end of every session happened since
     * {@code checked} was read. Read after the session was stored: an end that advanced the epoch after this read
     * ends the session itself, because its epoch step came after the session was stored.
     */
    private Optional<User> stillInEpoch(User checked) {
        return users.findById(checked.id())
                .filter(now -> now.active() && now.sessionEpoch() == checked.sessionEpoch());
    }

    private static String checkInput(String email, String password, String deviceName) {
        List<FieldError> errors = new ArrayList<>();
        if (email == null || email.isBlank()) {
            errors.add(new FieldError("email", "Email is required"));
        } else if (email.length() > Emails.MAX_LENGTH) {
            errors.add(new FieldError("email", "Email must be at most " + Emails.MAX_LENGTH
                    + " characters long"));
        }
        if (password == null || password.isEmpty()) {
            errors.add(new FieldError("password", "Password is required"));
        }
        String device = deviceName == null ? null : deviceName.strip();
        if (device != null && device.isEmpty()) {
            device = null;
        }
        if (device != null && (device.codePointCount(0, device.length()) > MAX_DEVICE_NAME_LENGTH
                || device.codePoints().anyMatch(Character::isISOControl) || !StorableText.isStorable(device))) {
            errors.add(new FieldError("device_name", "Device name must be at most " + MAX_DEVICE_NAME_LENGTH
                    + " characters, without control characters or unpaired surrogates"));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return device;
    }
}
