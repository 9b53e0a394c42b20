package dev.latchkey.migrate;

/**
 * One row of the legacy refresh_tokens table, every value as the source's text (null for SQL NULL).
 *
 * @param id the row's id
 * @param userId the user's id
 * @param token the refresh token as the client holds it
 * @param deviceInfo the device description
 * @param ipAddress the address the session was opened from
 * @param userAgent the User-Agent
 * @param expiresAt when the token expires
 * @param revoked whether the token was revoked
 * @param createdAt when the session was opened
 */
record LegacySessionRow(String id, String userId, String token, String deviceInfo, String ipAddress, String userAgent,
        String expiresAt, String revoked, String createdAt) {
}
