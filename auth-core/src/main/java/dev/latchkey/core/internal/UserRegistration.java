package dev.latchkey.core.internal;

import dev.latchkey.core.DuplicateEmailException;
import dev.latchkey.core.UserId;
import dev.latchkey.core.event.AuthEvent;
import dev.latchkey.core.user.Registration;
import dev.latchkey.core.user.User;
import dev.latchkey.core.user.UserRepository;
import java.time.Clock;

/** Registers users: validate, refuse a known email, hash, store. */
public final class UserRegistration {

    private final UserRepository users;
    private final PasswordHasher hasher;
    private final Clock clock;
    private final Events events;

    /** The use case over its collaborators. */
    public UserRegistration(UserRepository users, PasswordHasher hasher, Clock clock, Events events) {
        this.users = users;
        this.hasher = hasher;
        this.clock = clock;
        this.events = events;
    }

    /** Registers a user; see {@code Latchkey.register}. */
    public User register(Registration input) {
        Registration valid = RegistrationValidator.validate(input);
        // Checked first only to spare a bcrypt hash; the store's unique constraint is what decides.
        if (users.findByEmail(valid.email()).isPresent()) {
            throw new DuplicateEmailException();
        }
        User user = new User(UserId.random(), valid.realName(), valid.email(), valid.phoneNumber(),
                hasher.hash(valid.password()), true, clock.instant());
        users.create(user);
        events.publish(new AuthEvent.Registered(user.createdAt(), user));
        return user;
    }
}
