package dev.latchkey.core.mail;

import java.util.Objects;

/**
 * One message to one recipient.
 *
 * @param to the recipient's address
 * @param subject the subject line
 * @param text the plain-text body
 * @param html the HTML body (the same content), or null for plain text only
 */
public record Mail(String to, String subject, String text, String html) {

    /** Checks the required parts are present. */
    public Mail {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(text, "text");
    }

    /** Only the recipient and the subject: the body holds a secret link. */
    @Override
    public String toString() {
        return "Mail[to=" + to + ", subject=" + subject + "]";
    }
}
