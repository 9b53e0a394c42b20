package dev.latchkey.core.mail;

/** A {@link MailSender} could not hand a message over for delivery. */
public final class MailSendException extends Exception {

    private static final long serialVersionUID = 1L;

    /** A failure with its cause. */
    public MailSendException(String message, Throwable cause) {
        super(message, cause);
    }

    /** A failure. */
    public MailSendException(String message) {
        super(message);
    }
}
