package dev.latchkey.example.config;

import java.util.Objects;
import java.util.Optional;

/**
 * Where mail goes out: {@code SMTP_HOST}, {@code SMTP_PORT}, {@code SMTP_USERNAME},
 * {@code SMTP_PASSWORD}, {@code SMTP_FROM}, {@code SMTP_STARTTLS} and {@code SMTP_SSL}.
 *
 * @param host the server
 * @param port its port (default 587, or 465 with {@code SMTP_SSL})
 * @param username the login, if the server wants one
 * @param password its password (never shown by {@link #toString()})
 * @param from the sender's address
 * @param security {@code STARTTLS} (required; the default), {@code TLS} ({@code SMTP_SSL=True}) or
 *     {@code NONE} ({@code SMTP_STARTTLS=False})
 */
public record SmtpSettings(String host, int port, Optional<String> username, Optional<String> password, String from,
        Security security) {

    /** How the connection to the server is protected. */
    public enum Security {
        /** STARTTLS, required. */
        STARTTLS,
        /** TLS from the first byte. */
        TLS,
        /** None: a relay on the same host, or a local test server. */
        NONE
    }

    /** Checks the parts are present. */
    public SmtpSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(security, "security");
    }

    /** Where and how, without the password: for the start-up line. */
    public String summary() {
        return "SMTP " + host + ":" + port + " (" + security.name().toLowerCase(java.util.Locale.ROOT) + ")";
    }

    @Override
    public String toString() {
        return "SmtpSettings[" + summary() + ", from=" + from + username.map(u -> ", username=" + u).orElse("") + "]";
    }
}
