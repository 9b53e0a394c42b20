package dev.latchkey.core.mail;

import java.util.Objects;

/**
 * The wording of one kind of mail in one language. The texts may hold these placeholders:
 * {@code {name}} (the user's name), {@code {email}}, {@code {link}} (the single-use link),
 * {@code {minutes}} and {@code {hours}} (how long the link works, rounded down). In {@code html} the
 * values are HTML-escaped.
 *
 * @param subject the subject line
 * @param text the plain-text body
 * @param html the HTML body, or null for plain text only
 */
public record MailTemplate(String subject, String text, String html) {

    /** Checks the subject and the text are present. */
    public MailTemplate {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(text, "text");
    }
}
