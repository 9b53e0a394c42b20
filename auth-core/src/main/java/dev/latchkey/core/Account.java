package dev.latchkey.core;

import java.time.Instant;
import java.util.Objects;

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
 */
public record Account(UserId id, String realName, String email, String phoneNumber, boolean active,
        Instant createdAt) {

    /** Checks the required parts are present. */
    public Account {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(realName, "realName");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
