package dev.latchkey.core;

import dev.latchkey.core.event.AuthEvent;
import dev.latchkey.core.user.Registration;
import dev.latchkey.core.user.User;
import dev.latchkey.core.user.UserRepository;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;

/**
 * Registers users: validate, throttle, hash, store. The password is hashed whether or not the email
 * is taken, and the store's unique constraint is what refuses a known email, so a taken email costs
 * the same time as a new one: only the answer itself (409, as auth-servlet's OpenAPI document says) tells them
 * apart.
 */
final class UserRegistration {

    private final UserRepository users;
    private final PasswordHasher hasher;
    private final AttemptLimits attempts;
    private final Clock clock;
    private final Events events;

    /** The use case over its collaborators. */
    UserRegistration(UserRepository users, PasswordHasher hasher, AttemptLimits attempts, Clock clock,
            Events events) {
        this.users = users;
        this.hasher = hasher;
        this.attempts = attempts;
        this.clock = clock;
        this.events = events;
    }

    /** Registers a user; see {@code Latchkey.register}. {@code client} is null when no client asked. */
    Account register(Registration input, ClientInfo client) {
        Registration valid = RegistrationValidator.validate(input);
        Instant now = clock.instant();
        String hash;
        try {
            hash = attempts.registrationHash(client == null ? null : client.ipAddress(), now,
                    () -> hasher.hash(valid.password()));
        } catch (ThrottledException e) {
            events.publish(new AuthEvent.RegistrationThrottled(now, client, e.retryAfter()));
            throw e;
        }
        User user = new User(UserId.random(), valid.realName(), valid.email(), valid.phoneNumber(), hash, true,
                clock.instant(), 0, false, Set.of(), 0, false);
        users.create(user);
        Account account = Views.account(user);
        events.publish(new AuthEvent.Registered(user.createdAt(), account));
        return account;
    }
}
