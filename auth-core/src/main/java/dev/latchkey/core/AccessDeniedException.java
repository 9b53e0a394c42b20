package dev.latchkey.core;

/** A valid token that may not do this, for example ending another user's session. */
public final class AccessDeniedException extends LatchkeyException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception with a message that can be shown to the client. */
    public AccessDeniedException(String message) {
        super(message);
    }
}
