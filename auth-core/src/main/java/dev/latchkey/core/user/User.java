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
 * @param sessionEpoch how many times every session of the user was ended at once (revoke-all,
 *     password change, disabling); a login opens its session only if this is unchanged since it
 *     checked the password, so that no login in flight outlives such an end. New users start at 0.
 */
public record User(
        UserId id,
        String realName,
        String email,
        String phoneNumber,
        String passwordHash,
        boolean active,
        Instant createdAt,
        long sessionEpoch) {

    /** Checks the required parts are present. */
    public User {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(realName, "realName");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(passwordHash, "passwordHash");
        Objects.requireNonNull(createdAt, "createdAt");
        if (sessionEpoch < 0) {
            throw new IllegalArgumentException("sessionEpoch must not be negative, was " + sessionEpoch);
        }
    }

    /** This user with another password hash. */
    public User withPasswordHash(String newHash) {
        return new User(id, realName, email, phoneNumber, newHash, active, createdAt, sessionEpoch);
    }

    /** This user, active or not. */
    public User withActive(boolean newActive) {
        return new User(id, realName, email, phoneNumber, passwordHash, newActive, createdAt, sessionEpoch);
    }

    /** This user in the next session epoch. */
    public User withNextSessionEpoch() {
        return new User(id, realName, email, phoneNumber, passwordHash, active, createdAt, sessionEpoch + 1);
    }

    /** Everything but the password hash. */
    @Override
    public String toString() {
        return "User[id=" + id + ", email=" + email + ", active=" + active + ", createdAt=" + createdAt + "]";
    }
}
