package dev.latchkey.core;

import java.util.List;
import java.util.Objects;

/**
 * One user as an administrator sees them: the account and its usable sessions.
 *
 * @param account the user
 * @param sessions the user's usable sessions, newest first
 */
public record UserDetails(Account account, List<DeviceSession> sessions) {

    /** Copies the list. */
    public UserDetails {
        Objects.requireNonNull(account, "account");
        sessions = List.copyOf(sessions);
    }
}
