package dev.latchkey.core.internal;

import dev.latchkey.core.ClientInfo;
import dev.latchkey.core.FieldError;
import dev.latchkey.core.InvalidCredentialsException;
import dev.latchkey.core.LoginResult;
import dev.latchkey.core.LoginThrottledException;
import dev.latchkey.core.SessionId;
import dev.latchkey.core.ValidationException;
import dev.latchkey.core.event.AuthEvent;
import dev.latchkey.core.session.RefreshTokenHash;
import dev.latchkey.core.session.Session;
import dev.latchkey.core.session.SessionRepository;
import dev.latchkey.core.throttle.LoginThrottle;
import dev.latchkey.core.token.AccessTokenIssuer;
import dev.latchkey.core.token.IssuedAccessToken;
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
 * password and a disabled account fail alike, after the same bcrypt work.
 */
public final class PasswordLogin {

    /** The longest device name kept, in characters. */
    public static final int MAX_DEVICE_NAME_LENGTH = 100;

    private final UserRepository users;
    private final SessionRepository sessions;
    private final PasswordHasher hasher;
    private final LoginThrottle throttle;
    private final RefreshTokens refreshTokens;
    private final AccessTokenIssuer issuer;
    private final Duration sessionLifetime;
    private final Clock clock;
    private final Events events;

    /** The use case over its collaborators. */
    public PasswordLogin(UserRepository users, SessionRepository sessions, PasswordHasher hasher,
            LoginThrottle throttle, RefreshTokens refreshTokens, AccessTokenIssuer issuer, Duration sessionLifetime,
            Clock clock, Events events) {
        this.users = users;
        this.sessions = sessions;
        this.hasher = hasher;
        this.throttle = throttle;
        this.refreshTokens = refreshTokens;
        this.issuer = issuer;
        this.sessionLifetime = sessionLifetime;
        this.clock = clock;
        this.events = events;
    }

    /** Logs in; see {@code Latchkey.login}. */
    public LoginResult login(String email, String password, String deviceName, ClientInfo client) {
        String device = checkInput(email, password, deviceName);
        String account = RegistrationValidator.normaliseEmail(email);
        Instant now = clock.instant();
        Optional<Duration> wait = throttle.retryAfter(account, client.ipAddress(), now);
        if (wait.isPresent()) {
            events.publish(new AuthEvent.LoginThrottled(now, account, client, wait.get()));
            throw new LoginThrottledException(wait.get());
        }
        Optional<User> found = users.findByEmail(email.strip());
        boolean verified;
        if (found.isPresent()) {
            verified = hasher.verify(password, found.get().passwordHash());
        } else {
            hasher.verifyDummy(password);
            verified = false;
        }
        if (!verified || !found.get().active()) {
            throttle.recordFailure(account, client.ipAddress(), now);
            events.publish(new AuthEvent.LoginFailed(now, account, found.map(User::id).orElse(null), client));
            throw new InvalidCredentialsException();
        }
        User user = found.get();
        throttle.recordSuccess(account, client.ipAddress(), now);
        if (hasher.needsRehash(user.passwordHash())) {
            String newHash = hasher.hash(password);
            // Compare-and-set: a concurrent login's re-hash or a password change wins over ours.
            if (users.replacePasswordHash(user.id(), user.passwordHash(), newHash)) {
                user = user.withPasswordHash(newHash);
            }
        }
        String refreshToken = refreshTokens.generate();
        Session session = new Session(SessionId.random(), user.id(), RefreshTokenHash.of(refreshToken), device,
                client.ipAddress(), client.userAgent(), now, now, client.ipAddress(), now.plus(sessionLifetime),
                null, null);
        sessions.create(session);
        IssuedAccessToken accessToken = issuer.issue(user.id(), session.id(), session.expiresAt());
        events.publish(new AuthEvent.LoginSucceeded(now, user, session));
        return new LoginResult(user, session, accessToken, refreshToken);
    }

    private static String checkInput(String email, String password, String deviceName) {
        List<FieldError> errors = new ArrayList<>();
        if (email == null || email.isBlank()) {
            errors.add(new FieldError("email", "Email is required"));
        } else if (email.length() > RegistrationValidator.MAX_EMAIL_LENGTH) {
            errors.add(new FieldError("email", "Email must be at most " + RegistrationValidator.MAX_EMAIL_LENGTH
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
                || device.codePoints().anyMatch(Character::isISOControl))) {
            errors.add(new FieldError("device_name", "Device name must be at most " + MAX_DEVICE_NAME_LENGTH
                    + " characters, without control characters"));
        }
        if (!errors.isEmpty()) {
            throw new ValidationException(errors);
        }
        return device;
    }
}
