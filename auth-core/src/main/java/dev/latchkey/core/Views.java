package dev.latchkey.core;

import dev.latchkey.core.session.Session;
import dev.latchkey.core.user.User;
import java.util.List;

/** The host's views of stored records: everything but their secrets. */
final class Views {

    private Views() {
    }

    /** The user without the password hash. */
    static Account account(User user) {
        return new Account(user.id(), user.realName(), user.email(), user.phoneNumber(), user.active(),
                user.createdAt(), user.roles(), user.emailVerified());
    }

    /** The session without the refresh token hash. */
    static DeviceSession deviceSession(Session session) {
        return new DeviceSession(session.id(), session.userId(), session.deviceName(), session.ipAddress(),
                session.userAgent(), session.createdAt(), session.lastUsedAt(), session.lastIpAddress(),
                session.expiresAt());
    }

    /** Each session without its refresh token hash, in the same order. */
    static List<DeviceSession> deviceSessions(List<Session> sessions) {
        return sessions.stream().map(Views::deviceSession).toList();
    }
}
