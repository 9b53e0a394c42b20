package dev.latchkey.spring;

import java.time.Duration;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Latchkey's settings under {@code latchkey.*}, with the defaults of the core's configuration.
 *
 * @param secretKey HMAC key that signs access tokens (HS256): at least 32 bytes of random text, such as
 *     the output of "openssl rand -base64 48". Required unless the application defines its own KeyRing bean.
 * @param accessTokenTtl Lifetime of an access token.
 * @param refreshTokenTtl Lifetime of a session from login (never extended by refreshing).
 * @param refreshTokenRotation Whether every refresh replaces the refresh token, with reuse detection.
 * @param reuseGracePeriod With rotation, how long a just-replaced refresh token still succeeds.
 * @param idleTimeout End sessions unused for this long (none when unset).
 * @param bcryptCost Bcrypt cost factor of new password hashes.
 * @param issuer Issuer ("iss") of the access tokens.
 * @param audience Audience ("aud") of the access tokens.
 * @param clockSkew Leeway when checking "exp", "nbf" and "iat".
 * @param basePath Path under which the authentication endpoints (register, login, refresh, logout,
 *     me, sessions...) are served.
 * @param jwksPath Path of the public JWK set.
 * @param trustedProxies Addresses or CIDR ranges of reverse proxies whose Forwarded and X-Forwarded-For
 *     headers name the client.
 * @param applySchemaOnStart Whether Latchkey's tables are created or migrated in the application's
 *     DataSource at start-up. Turn off when Flyway or Liquibase applies Latchkey's SQL files.
 * @param cleanUpInterval How often expired and ended sessions and old throttle records are deleted.
 * @param keepFinishedSessions How long sessions that expired or were ended are kept before the clean-up
 *     deletes them.
 * @param revocationPollInterval How often the revocation feed reads the sessions ended and roles removed
 *     on other nodes, as a safety net for missed PostgreSQL notifications.
 * @param requireVerifiedEmail Whether a login is refused (403) until the user opened the verification link
 *     mailed at registration.
 * @param admin Administration endpoints and the first administrators.
 * @param mail Where the links in password reset and verification mails point, once the application
 *     defines a MailSender bean.
 */
@ConfigurationProperties("latchkey")
public record LatchkeyProperties(
        String secretKey,
        @DefaultValue("30m") Duration accessTokenTtl,
        @DefaultValue("7d") Duration refreshTokenTtl,
        @DefaultValue("false") boolean refreshTokenRotation,
        @DefaultValue("10s") Duration reuseGracePeriod,
        Duration idleTimeout,
        @DefaultValue("12") int bcryptCost,
        @DefaultValue("latchkey") String issuer,
        @DefaultValue("latchkey") String audience,
        @DefaultValue("60s") Duration clockSkew,
        @DefaultValue("/api/auth") String basePath,
        @DefaultValue("/.well-known/jwks.json") String jwksPath,
        @DefaultValue List<String> trustedProxies,
        @DefaultValue("true") boolean applySchemaOnStart,
        @DefaultValue("15m") Duration cleanUpInterval,
        @DefaultValue("30d") Duration keepFinishedSessions,
        @DefaultValue("5s") Duration revocationPollInterval,
        @DefaultValue("false") boolean requireVerifiedEmail,
        @DefaultValue Admin admin,
        @DefaultValue Mail mail) {

    /** Checks the paths and copies the lists. */
    public LatchkeyProperties {
        basePath = prefix("latchkey.base-path", basePath);
        jwksPath = exactPath("latchkey.jwks-path", jwksPath);
        trustedProxies = trustedProxies == null ? List.of() : List.copyOf(trustedProxies);
        admin = admin == null ? new Admin(null, null, null) : admin;
        mail = mail == null ? new Mail(null, null) : mail;
    }

    /**
     * The mails of account recovery, sent through the application's {@code MailSender} bean (none:
     * no mail is sent, and a password reset request logs a warning).
     *
     * @param linkBaseUrl The page that opens the links: they are {@code <url>#reset-password?token=...}
     *     and {@code <url>#verify-email?token=...}; required with a MailSender bean.
     * @param defaultLanguage Language of the mails ("en" or "ko") when the reader's Accept-Language
     *     names neither.
     */
    public record Mail(URI linkBaseUrl, @DefaultValue("en") String defaultLanguage) {

        /** Checks the language. */
        public Mail {
            defaultLanguage = defaultLanguage == null ? "en" : defaultLanguage.strip().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * The administration endpoints (Bearer with the administrator role) and how the first
     * administrators are made, with no default credentials.
     *
     * @param basePath Path under which the administration endpoints are served.
     * @param role Role whose holders may use the administration; compared in lower case.
     * @param bootstrapEmails Users granted the administrator role at every start, when a user with that
     *     email exists. An email nobody has is logged and skipped: registering it later grants nothing.
     */
    public record Admin(
            @DefaultValue("/api/admin") String basePath,
            @DefaultValue("admin") String role,
            @DefaultValue List<String> bootstrapEmails) {

        /** Checks the path, normalises the role name and copies the list. */
        public Admin {
            basePath = prefix("latchkey.admin.base-path", basePath == null ? "/api/admin" : basePath);
            role = role == null ? "admin" : role.strip().toLowerCase(Locale.ROOT);
            bootstrapEmails = bootstrapEmails == null ? List.of()
                    : bootstrapEmails.stream().map(String::strip).filter(e -> !e.isEmpty()).toList();
        }
    }

    /** A path under which endpoints are mounted: starts with '/', no trailing '/', no wildcard. */
    private static String prefix(String name, String path) {
        String value = exactPath(name, path);
        if (value.equals("/")) {
            throw new IllegalArgumentException(name + " must not be '/' (the endpoints need a path of their own)");
        }
        return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
    }

    private static String exactPath(String name, String path) {
        Objects.requireNonNull(path, name);
        String value = path.strip();
        if (!value.startsWith("/") || value.contains("*") || value.contains("//") || value.contains(";")
                || value.contains("\\") || value.contains("%") || value.contains("/./") || value.contains("/../")) {
            throw new IllegalArgumentException(name + " must be a plain path starting with '/', was '" + path + "'");
        }
        return value;
    }
}
