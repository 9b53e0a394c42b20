package dev.latchkey.core;

import java.time.Instant;
import java.util.Objects;

/**
 * A session as a host sees it: one login on one device. It holds no secret (neither the refresh
 * token nor its hash), so a host may log it or serialise it as it is.
 *
 * @param id the session's id, carried by its access tokens as {@code sid}
 * @param userId whose session it is
 * @param deviceName the device name the client gave at login, or null
 * @param ipAddress the IP address of the login
 * @param userAgent the User-Agent of the login, or null
 * @param createdAt when the user logged in
 * @param lastUsedAt when the session was last refreshed (at first, its creation)
 * @param lastIpAddress the IP address of the last refresh (at first, the login's)
 * @param expiresAt the absolute end of the session: refreshing never moves it
 */
public record DeviceSession(
        SessionId id,
        UserId userId,
        String deviceName,
        String ipAddress,
        String userAgent,
        Instant createdAt,
        Instant lastUsedAt,
        String lastIpAddress,
        Instant expiresAt) {

    /** Checks the required parts are present. */
    public DeviceSession {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(ipAddress, "ipAddress");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(lastUsedAt, "lastUsedAt");
        Objects.requireNonNull(lastIpAddress, "lastIpAddress");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}
