package dev.latchkey.core.mail;

import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import java.util.Objects;
import java.util.Properties;

/**
 * Sends Latchkey's mail to an SMTP server with Jakarta Mail (Eclipse Angus): plain text, and HTML
 * beside it when the mail has some, in UTF-8. STARTTLS is required by default (a server that does not
 * offer it is refused, so no password or link crosses the network in the clear); implicit TLS (port
 * 465) and plain SMTP (a relay on localhost, a test server) are chosen explicitly.
 *
 * <p>Jakarta Mail is an optional dependency of auth-core: a host using this class adds
 * {@code org.eclipse.angus:angus-mail} (2.0.x, which brings {@code jakarta.mail-api}) to its own.
 *
 * <pre>{@code
 * MailSender smtp = SmtpMailSender.builder("smtp.example.com", "no-reply@example.com")
 *         .port(587).credentials("no-reply@example.com", password).build();
 * MailDelivery delivery = MailDelivery.builder(smtp).build();
 * }</pre>
 *
 * <p>Thread-safe; each send opens its own connection. Timeouts (default 10 s) bound every connect,
 * read and write, so a server that stops answering fails the attempt, which {@code MailDelivery}
 * retries.
 */
public final class SmtpMailSender implements MailSender {

    /** How the connection to the server is protected. */
    public enum Security {
        /** STARTTLS, required: a server that does not offer it is refused (port 587; the default). */
        STARTTLS,
        /** TLS from the first byte (port 465). */
        TLS,
        /** None: only for a relay on the same host or a test server. */
        NONE
    }

    private final Session session;
    private final InternetAddress from;
    private final String protocol;

    private SmtpMailSender(Builder b) {
        this.from = b.from;
        this.protocol = b.security == Security.TLS ? "smtps" : "smtp";
        Properties props = new Properties();
        String prefix = "mail." + protocol + ".";
        props.put("mail.transport.protocol", protocol);
        // The Message-ID names the sender's domain, not "localhost", which spam filters hold against a mail.
        props.put("mail.from", b.from.getAddress());
        props.put(prefix + "host", b.host);
        props.put(prefix + "port", Integer.toString(b.port));
        props.put(prefix + "connectiontimeout", Long.toString(b.timeout.toMillis()));
        props.put(prefix + "timeout", Long.toString(b.timeout.toMillis()));
        props.put(prefix + "writetimeout", Long.toString(b.timeout.toMillis()));
        props.put(prefix + "auth", Boolean.toString(b.username != null));
        if (b.security == Security.STARTTLS) {
            props.put(prefix + "starttls.enable", "true");
            props.put(prefix + "starttls.required", "true");
        }
        if (b.security != Security.NONE) {
            props.put(prefix + "ssl.checkserveridentity", "true");
        }
        String username = b.username;
        String password = b.password;
        this.session = Session.getInstance(props, username == null ? null : new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
                return new PasswordAuthentication(username, password);
            }
        });
    }

    /**
     * A builder for a server and the sender's address.
     *
     * @throws IllegalArgumentException if the host is blank or {@code from} is not an address
     */
    public static Builder builder(String host, String from) {
        return new Builder(host, from);
    }

    @Override
    public void send(Mail mail) throws MailSendException {
        try {
            MimeMessage message = new MimeMessage(session);
            message.setFrom(from);
            message.setRecipients(Message.RecipientType.TO, InternetAddress.parse(mail.to(), true));
            message.setSubject(mail.subject(), StandardCharsets.UTF_8.name());
            message.setSentDate(new Date());
            if (mail.html() == null) {
                message.setText(mail.text(), StandardCharsets.UTF_8.name());
            } else {
                MimeBodyPart text = new MimeBodyPart();
                text.setText(mail.text(), StandardCharsets.UTF_8.name());
                MimeBodyPart html = new MimeBodyPart();
                html.setText(mail.html(), StandardCharsets.UTF_8.name(), "html");
                message.setContent(new MimeMultipart("alternative", text, html));
            }
            try (Transport transport = session.getTransport(protocol)) {
                transport.connect();
                message.saveChanges();
                transport.sendMessage(message, message.getAllRecipients());
            }
        } catch (MessagingException e) {
            throw new MailSendException("SMTP could not send " + mail + ": " + e.getMessage(), e);
        }
    }

    /** Builds an {@link SmtpMailSender}. */
    public static final class Builder {
        private final String host;
        private final InternetAddress from;
        private int port = 587;
        private Security security = Security.STARTTLS;
        private String username;
        private String password;
        private Duration timeout = Duration.ofSeconds(10);

        private Builder(String host, String from) {
            if (host == null || host.isBlank()) {
                throw new IllegalArgumentException("host must not be blank");
            }
            this.host = host.strip();
            try {
                this.from = new InternetAddress(Objects.requireNonNull(from, "from"), true);
            } catch (AddressException e) {
                throw new IllegalArgumentException("from must be an email address, was " + from, e);
            }
        }

        /** The server's port, from 1 to 65535 (default 587). */
        public Builder port(int value) {
            if (value < 1 || value > 65535) {
                throw new IllegalArgumentException("port must be from 1 to 65535, was " + value);
            }
            this.port = value;
            return this;
        }

        /** How the connection is protected (default {@link Security#STARTTLS}, required). */
        public Builder security(Security value) {
            this.security = Objects.requireNonNull(value, "security");
            return this;
        }

        /** The account to log in to the server with (default: no login). */
        public Builder credentials(String user, String secret) {
            if (user == null || user.isBlank()) {
                throw new IllegalArgumentException("username must not be blank");
            }
            this.username = user;
            this.password = Objects.requireNonNull(secret, "password");
            return this;
        }

        /** The longest wait for a connect, a read or a write, from 100 ms to 5 minutes (default 10 s). */
        public Builder timeout(Duration value) {
            Objects.requireNonNull(value, "timeout");
            if (value.compareTo(Duration.ofMillis(100)) < 0 || value.compareTo(Duration.ofMinutes(5)) > 0) {
                throw new IllegalArgumentException("timeout must be from 100 ms to 5 minutes, was " + value);
            }
            this.timeout = value;
            return this;
        }

        /** The sender. */
        public SmtpMailSender build() {
            return new SmtpMailSender(this);
        }
    }
}
