package dev.latchkey.core.user;

import dev.latchkey.core.UserId;
import java.time.Instant;
import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A registered user.
 *
 * @param id the user's id
 * @param realName the name the user registered with
 * @param email the email as registered (compared case-insensitively)
 * @param phoneNumber the phone number, or null when none was given
 * @param passwordHash the hash of the password (never shown by {@link #toString()}): Latchkey's
 *     bcrypt, or for an imported user the hash the previous system wrote, until the first login
 *     replaces it
 * @param active whether the user may log in
 * @param createdAt when the user registered
 * @param sessionEpoch how many times every session of the user was ended at once (revoke-all,
 *     password change, disabling); a login opens its session only if this is unchanged since it
 *     checked the password, so that no login in flight outlives such an end. New users start at 0.
 * @param legacyPassword whether {@code passwordHash} is still the one the system the user was
 *     imported from wrote. While it is, a bcrypt hash is checked as that system checked it: on the
 *     first 72 UTF-8 bytes of a longer password (Python's bcrypt before 5.0 and passlib cut there
 *     silently); a password of at most 72 bytes verifies as for any user. The first login with the
 *     right password replaces the hash with Latchkey's own and clears the flag in the same
 *     compare-and-set, so Latchkey's rule (no cut) applies from then on. Always false for users who
 *     registered in Latchkey. Other imported schemes (PBKDF2, Argon2) verify whatever it says.
 * @param roles the user's roles (lower-case names, see {@code Administration#grantRole}); access
 *     tokens carry them
 * @param rolesVersion how many times a role was removed from the user: an access token carries the
 *     version it was issued under, and one issued under an older version is refused, so that a
 *     removed role stops working at once. New users start at 0.
 * @param emailVerified whether the user proved to receive mail at {@code email} (a verification
 *     link); false for a new registration and after the email changes, true for users stored
 *     before verification existed
 */
public record User(
        UserId id,
        String realName,
        String email,
        String phoneNumber,
        String passwordHash,
        boolean active,
        Instant createdAt,
        long sessionEpoch,
        boolean legacyPassword,
        Set<String> roles,
        long rolesVersion,
        boolean emailVerified) {

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
        roles = Collections.unmodifiableSortedSet(new TreeSet<>(Objects.requireNonNull(roles, "roles")));
        if (rolesVersion < 0) {
            throw new IllegalArgumentException("rolesVersion must not be negative, was " + rolesVersion);
        }
    }

    /** A user with an email taken as verified (as users stored before verification existed). */
    public User(UserId id, String realName, String email, String phoneNumber, String passwordHash, boolean active,
            Instant createdAt, long sessionEpoch, boolean legacyPassword, Set<String> roles, long rolesVersion) {
        this(id, realName, email, phoneNumber, passwordHash, active, createdAt, sessionEpoch, legacyPassword, roles,
                rolesVersion, true);
    }

    /** A user without roles. */
    public User(UserId id, String realName, String email, String phoneNumber, String passwordHash, boolean active,
            Instant createdAt, long sessionEpoch, boolean legacyPassword) {
        this(id, realName, email, phoneNumber, passwordHash, active, createdAt, sessionEpoch, legacyPassword,
                Set.of(), 0);
    }

    /**
     * A user who registered in Latchkey, or whose imported hash was replaced already
     * ({@code legacyPassword} false).
     */
    public User(UserId id, String realName, String email, String phoneNumber, String passwordHash, boolean active,
            Instant createdAt, long sessionEpoch) {
        this(id, realName, email, phoneNumber, passwordHash, active, createdAt, sessionEpoch, false);
    }

    /**
     * This user with a password hash Latchkey wrote: {@link #legacyPassword()} is false, whatever
     * it was.
     */
    public User withPasswordHash(String newHash) {
        return new User(id, realName, email, phoneNumber, newHash, active, createdAt, sessionEpoch, false, roles,
                rolesVersion, emailVerified);
    }

    /** This user, active or not. */
    public User withActive(boolean newActive) {
        return new User(id, realName, email, phoneNumber, passwordHash, newActive, createdAt, sessionEpoch,
                legacyPassword, roles, rolesVersion, emailVerified);
    }

    /** This user in the next session epoch. */
    public User withNextSessionEpoch() {
        return new User(id, realName, email, phoneNumber, passwordHash, active, createdAt, sessionEpoch + 1,
                legacyPassword, roles, rolesVersion, emailVerified);
    }

    /** This user with {@code role} added. */
    public User withRole(String role) {
        Set<String> more = new TreeSet<>(roles);
        more.add(Objects.requireNonNull(role, "role"));
        return new User(id, realName, email, phoneNumber, passwordHash, active, createdAt, sessionEpoch,
                legacyPassword, more, rolesVersion, emailVerified);
    }

    /** This user without {@code role}, under the next roles version. */
    public User withoutRole(String role) {
        Set<String> fewer = new TreeSet<>(roles);
        fewer.remove(role);
        return new User(id, realName, email, phoneNumber, passwordHash, active, createdAt, sessionEpoch,
                legacyPassword, fewer, rolesVersion + 1, emailVerified);
    }

    /** This user with the email verified or not. */
    public User withEmailVerified(boolean verified) {
        return new User(id, realName, email, phoneNumber, passwordHash, active, createdAt, sessionEpoch,
                legacyPassword, roles, rolesVersion, verified);
    }

    /** This user with another email, not verified. */
    public User withEmail(String newEmail) {
        return new User(id, realName, Objects.requireNonNull(newEmail, "email"), phoneNumber, passwordHash, active,
                createdAt, sessionEpoch, legacyPassword, roles, rolesVersion, false);
    }

    /** Everything but the password hash. */
    @Override
    public String toString() {
        return "User[id=" + id + ", email=" + email + ", active=" + active + ", createdAt=" + createdAt
                + (legacyPassword ? ", legacyPassword" : "") + (roles.isEmpty() ? "" : ", roles=" + roles) + (emailVerified ? "" : ", emailNotVerified") + "]";
    }
}
