package dev.latchkey.core.mail;

/**
 * How mail goes out: the host decides (SMTP with {@link SmtpMailSender}, a provider's
 * HTTP API, a log in development). Latchkey calls it from {@link MailDelivery}'s threads, never from
 * a request thread, and retries a failed send.
 */
@FunctionalInterface
public interface MailSender {

    /**
     * Sends one message, or fails.
     *
     * @throws MailSendException if it was not accepted for delivery (it will be retried)
     */
    void send(Mail mail) throws MailSendException;
}
