package dev.latchkey.migrate;

import java.time.Instant;
import java.util.UUID;

/**
 * A legacy session row that passed every check of its own, as it is staged on the target.
 *
 * @param rawId the row's id as the source holds it
 * @param userId the user's id
 * @param tokenHash the SHA-256 of the token
 * @param deviceName the device name, at most 100 characters, or null
 * @param ipAddress the address, checked to be an IP address
 * @param userAgent the User-Agent, at most 512 characters, or null
 * @param createdAt when the session was opened
 * @param expiresAt when its token expires
 */
record StagedSession(String rawId, UUID userId, byte[] tokenHash, String deviceName, String ipAddress,
        String userAgent, Instant createdAt, Instant expiresAt) {
}
