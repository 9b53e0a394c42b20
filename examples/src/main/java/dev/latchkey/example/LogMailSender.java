package dev.latchkey.example;

import dev.latchkey.core.mail.Mail;
import dev.latchkey.core.mail.MailSender;
import java.io.PrintStream;

/**
 * The example's "mail" when no SMTP server is configured: in DEBUG, each mail is printed in full
 * (its link included) so that a developer can follow the reset and verification flows locally; else
 * only that a mail was not sent, without its link, since a link in a production log would be a
 * credential anyone who reads the log could use.
 */
final class LogMailSender implements MailSender {

    /** The line each printed mail starts with. */
    static final String MARK = "MAIL (not sent: SMTP_HOST is not set)";

    private final boolean debug;
    private final PrintStream err;

    LogMailSender(boolean debug, PrintStream err) {
        this.debug = debug;
        this.err = err;
    }

    @Override
    public void send(Mail mail) {
        if (debug) {
            err.println(MARK + " to " + mail.to() + ": " + mail.subject() + System.lineSeparator() + mail.text());
        } else {
            err.println("WARNING: SMTP_HOST is not set: a mail to " + mail.to() + " (" + mail.subject()
                    + ") was not sent");
        }
        err.flush();
    }
}
