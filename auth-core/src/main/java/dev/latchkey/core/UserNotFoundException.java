package dev.latchkey.core;

/** No user has that id. */
public final class UserNotFoundException extends LatchkeyException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception. */
    public UserNotFoundException() {
        super("User not found");
    }
}
