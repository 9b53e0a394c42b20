package dev.latchkey.core;

/**
 * A login failed: unknown email, wrong password or disabled account. The three cases are
 * deliberately indistinguishable, in message and in time.
 */
public final class InvalidCredentialsException extends LatchkeyException {

    private static final long serialVersionUID = 1L;

    /** The one message every failed login carries. */
    public static final String MESSAGE = "Incorrect email or password";

    /** Creates the exception with {@link #MESSAGE}. */
    public InvalidCredentialsException() {
        super(MESSAGE);
    }
}
