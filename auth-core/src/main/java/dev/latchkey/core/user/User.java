package dev.latchkey.core.user;

import dev.latchkey.core.UserId;
import java.time.Instant;
import java.util.Objects;

/**
 * A registered user.
 *
 * @param id the user's id
 * @param realName the name the user registered with
 * @param email the email as registered (compared case-insensitively)
 * @param phoneNumber the phone number, or null when none was given
 * @param passwordHash the bcrypt hash of the password (never shown by {@link #toString()})
 * @param active whether the user may log in
 * @param createdAt when the user registered
 */
public record User(
        UserId id,
        String realName,
        String email,
        String phoneNumber,
        String passwordHash,
        boolean active,
        Instant createdAt) {

    /** Checks the required parts are present. */
    public User {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(realName, "realName");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(passwordHash, "passwordHash");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** This user with another password hash. */
    public User withPasswordHash(String newHash) {
        return new User(id, realName, email, phoneNumber, newHash, active, createdAt);
    }

    /** This user, active or not. */
    public User withActive(boolean newActive) {
        return new User(id, realName, email, phoneNumber, passwordHash, newActive, createdAt);
    }

    /** Everything but the password hash. */
    @Override
    public String toString() {
        return "User[id=" + id + ", email=" + email + ", active=" + active + ", createdAt=" + createdAt + "]";
    }
}
