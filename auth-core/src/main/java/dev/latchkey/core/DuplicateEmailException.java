package dev.latchkey.core;

/**
 * A registration named an email that already belongs to a user (emails compare
 * case-insensitively). Storage adapters throw it when their unique constraint fires.
 */
public final class DuplicateEmailException extends LatchkeyException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception. */
    public DuplicateEmailException() {
        super("Email already registered");
    }
}
