package dev.latchkey.migrate;

/**
 * One row of the legacy users table, every value as the source's text (null for SQL NULL).
 *
 * @param id the id
 * @param realName the name
 * @param email the email
 * @param phoneNumber the phone number
 * @param passwordHash the password hash
 * @param active the active flag
 * @param createdAt when the user registered, in the source's form
 */
record LegacyUserRow(String id, String realName, String email, String phoneNumber, String passwordHash, String active,
        String createdAt) {
}
