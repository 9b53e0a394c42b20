package dev.latchkey.core.session;

import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A session a refresh just used, with what the new access token needs of its user, read in the
 * same atomic step as the use.
 *
 * @param session the session as it is after the use
 * @param roles the user's roles
 * @param rolesVersion the user's roles version
 */
public record UsedSession(Session session, Set<String> roles, long rolesVersion) {

    /** Checks the parts. */
    public UsedSession {
        Objects.requireNonNull(session, "session");
        roles = Collections.unmodifiableSortedSet(new TreeSet<>(Objects.requireNonNull(roles, "roles")));
        if (rolesVersion < 0) {
            throw new IllegalArgumentException("rolesVersion must not be negative, was " + rolesVersion);
        }
    }
}
