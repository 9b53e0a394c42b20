package dev.latchkey.core;

import java.util.Objects;
import java.util.Optional;

/**
 * Who performed an administrative action: an administrator (by user id), or the system itself (a
 * start-up setting, a command-line tool), named.
 *
 * @param userId the administrator, or null for the system
 * @param name the administrator's email, or the name the system gave itself
 */
public record Actor(UserId userId, String name) {

    /** Checks the name is there. */
    public Actor {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("An actor needs a name");
        }
    }

    /** The system, under a name saying which part of it (for example {@code "grant-role command"}). */
    public static Actor system(String name) {
        return new Actor(null, name);
    }

    /** The administrator, if a user acted. */
    public Optional<UserId> user() {
        return Optional.ofNullable(userId);
    }

    @Override
    public String toString() {
        return userId == null ? "system (" + name + ")" : name + " (" + userId + ")";
    }
}
