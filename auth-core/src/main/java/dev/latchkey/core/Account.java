package dev.latchkey.core;

import java.time.Instant;
import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A user as a host sees it: who they are and whether they may log in. It holds no secret (no
 * password hash), so a host may log it or serialise it as it is.
 *
 * @param id the user's id
 * @param realName the name the user registered with
 * @param email the email as registered (compared case-insensitively)
 * @param phoneNumber the phone number, or null when none was given
 * @param active whether the user may log in
 * @param createdAt when the user registered
 * @param roles the user's roles, lower-case names in order
 * @param emailVerified whether the user proved to receive mail at {@code email}
 */
public record Account(UserId id, String realName, String email, String phoneNumber, boolean active,
        Instant createdAt, Set<String> roles, boolean emailVerified) {

    /** Checks the required parts are present. */
    public Account {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(realName, "realName");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(createdAt, "createdAt");
        roles = Collections.unmodifiableSortedSet(new TreeSet<>(Objects.requireNonNull(roles, "roles")));
    }

    /** A user whose email is verified. */
    public Account(UserId id, String realName, String email, String phoneNumber, boolean active,
            Instant createdAt, Set<String> roles) {
        this(id, realName, email, phoneNumber, active, createdAt, roles, true);
    }

    /** A user without roles. */
    public Account(UserId id, String realName, String email, String phoneNumber, boolean active,
            Instant createdAt) {
        this(id, realName, email, phoneNumber, active, createdAt, Set.of());
    }
}
