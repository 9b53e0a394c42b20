package dev.latchkey.core.session;

import dev.latchkey.core.SessionId;
import dev.latchkey.core.UserId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One login on one device, and the refresh token that keeps it going.
 *
 * @param id the session's id, carried by its access tokens as {@code sid}
 * @param userId whose session it is
 * @param refreshTokenHash the hash of the current refresh token (the token itself is never stored)
 * @param deviceName the device name the client gave at login, or null
 * @param ipAddress the IP address of the login
 * @param userAgent the User-Agent of the login, or null
 * @param createdAt when the user logged in
 * @param lastUsedAt when the session was last refreshed (at first, its creation)
 * @param lastIpAddress the IP address of the last refresh (at first, the login's)
 * @param expiresAt the absolute end of the session: refreshing never moves it
 * @param endedAt when the session was ended, or null while it has not been
 * @param endReason why it was ended, or null while it has not been
 */
public record Session(
        SessionId id,
        UserId userId,
        RefreshTokenHash refreshTokenHash,
        String deviceName,
        String ipAddress,
        String userAgent,
        Instant createdAt,
        Instant lastUsedAt,
        String lastIpAddress,
        Instant expiresAt,
        Instant endedAt,
        EndReason endReason) {

    /** Checks the required parts are present and consistent. */
    public Session {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(refreshTokenHash, "refreshTokenHash");
        Objects.requireNonNull(ipAddress, "ipAddress");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(lastUsedAt, "lastUsedAt");
        Objects.requireNonNull(lastIpAddress, "lastIpAddress");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if ((endedAt == null) != (endReason == null)) {
            throw new IllegalArgumentException("endedAt and endReason are set together or not at all");
        }
        if (!expiresAt.isAfter(createdAt)) {
            throw new IllegalArgumentException("expiresAt must be after createdAt");
        }
    }

    /** Whether the session has been ended (as opposed to merely expired). */
    public boolean isEnded() {
        return endedAt != null;
    }

    /** When and why the session ended, if it did. */
    public Optional<EndReason> ended() {
        return Optional.ofNullable(endReason);
    }

    /** This session, last used now from an address, with a (possibly new) refresh token hash. */
    public Session usedAt(Instant now, String ip, RefreshTokenHash hash) {
        return new Session(id, userId, hash, deviceName, ipAddress, userAgent, createdAt, now, ip, expiresAt,
                endedAt, endReason);
    }

    /** This session, ended now for a reason. */
    public Session endedAt(Instant now, EndReason reason) {
        return new Session(id, userId, refreshTokenHash, deviceName, ipAddress, userAgent, createdAt, lastUsedAt,
                lastIpAddress, expiresAt, now, reason);
    }

    /** Everything but the refresh token hash. */
    @Override
    public String toString() {
        return "Session[id=" + id + ", userId=" + userId + ", device=" + deviceName + ", ip=" + ipAddress
                + ", createdAt=" + createdAt + ", lastUsedAt=" + lastUsedAt + ", expiresAt=" + expiresAt
                + (endedAt == null ? "" : ", endedAt=" + endedAt + ", endReason=" + endReason) + "]";
    }
}
