package dev.latchkey.core;

/** No session of this user has that id. */
public final class SessionNotFoundException extends LatchkeyException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception. */
    public SessionNotFoundException() {
        super("Session not found");
    }
}
