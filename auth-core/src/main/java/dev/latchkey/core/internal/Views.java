package dev.latchkey.core.internal;

import dev.latchkey.core.Account;
import dev.latchkey.core.DeviceSession;
import dev.latchkey.core.session.Session;
import dev.latchkey.core.user.User;
import java.util.List;

/** The host's views of stored records: everything but their secrets. */
public final class Views {

    private Views() {
    }

    /** The user without the password hash. */
    public static Account account(User user) {
        return new Account(user.id(), user.realName(), user.email(), user.phoneNumber(), user.active(),
                user.createdAt());
    }

    /** The session without the refresh token hash. */
    public static DeviceSession deviceSession(Session session) {
        return new DeviceSession(session.id(), session.userId(), session.deviceName(), session.ipAddress(),
                session.userAgent(), session.createdAt(), session.lastUsedAt(), session.lastIpAddress(),
                session.expiresAt());
    }

    /** Each session without its refresh token hash, in the same order. */
    public static List<DeviceSession> deviceSessions(List<Session> sessions) {
        return sessions.stream().map(Views::deviceSession).toList();
    }
}
