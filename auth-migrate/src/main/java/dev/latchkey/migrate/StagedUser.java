package dev.latchkey.migrate;

import java.time.Instant;
import java.util.UUID;

/**
 * A legacy user row that passed every check of its own, as it is staged on the target.
 *
 * @param rawId the id as the source holds it
 * @param id the id
 * @param realName the name, byte-exact
 * @param email the email, trimmed
 * @param rawEmail the email as the source holds it
 * @param phoneNumber the phone number, or null
 * @param passwordHash the legacy hash, as it is
 * @param active whether the user may log in
 * @param createdAt when the user registered
 * @param fingerprint the SHA-256 of the values an update carries over
 * @param passwordFingerprint the SHA-256 of the hash
 */
record StagedUser(String rawId, UUID id, String realName, String email, String rawEmail, String phoneNumber,
        String passwordHash, boolean active, Instant createdAt, byte[] fingerprint, byte[] passwordFingerprint) {
}
