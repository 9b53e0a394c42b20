package dev.latchkey.core.user;

import dev.latchkey.core.UserId;
import java.time.Instant;
import java.util.Objects;

/**
 * A role was taken from a user: access tokens the user holds from before are refused from now on.
 *
 * @param userId the user
 * @param rolesVersion the user's {@linkplain User#rolesVersion() roles version} after the removal: tokens
 *     issued under an older one are refused
 * @param revokedAt when the role was removed
 */
public record RolesRevoked(UserId userId, long rolesVersion, Instant revokedAt) {

    /** Checks the parts. */
    public RolesRevoked {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(revokedAt, "revokedAt");
        if (rolesVersion < 1) {
            throw new IllegalArgumentException("rolesVersion must be at least 1 after a removal, was " + rolesVersion);
        }
    }
}
