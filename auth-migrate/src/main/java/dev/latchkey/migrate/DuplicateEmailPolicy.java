package dev.latchkey.migrate;

/**
 * What happens to legacy rows whose emails are equal ignoring case. Latchkey keeps one user per
 * email, so at most one row of such a group can be imported.
 */
public enum DuplicateEmailPolicy {
    /** Every row of the group is rejected as {@code duplicate_email}. */
    REJECT,
    /** The row created first is imported; the others are rejected as {@code duplicate_email}. */
    KEEP_OLDEST,
    /** The row created last is imported; the others are rejected as {@code duplicate_email}. */
    KEEP_NEWEST
}
