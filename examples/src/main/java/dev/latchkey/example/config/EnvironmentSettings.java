package dev.latchkey.example.config;

import dev.latchkey.core.LatchkeyConfig;
import dev.latchkey.core.throttle.ThrottlePolicy;
import dev.latchkey.core.user.Emails;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The settings a service reads from its environment, by the guide's variable names:
 * {@code DATABASE_URL}, {@code SECRET_KEY}, {@code ACCESS_TOKEN_EXPIRE_MINUTES},
 * {@code REFRESH_TOKEN_EXPIRE_DAYS}, {@code DEBUG}, {@code DB_POOL_SIZE}, {@code DB_MAX_OVERFLOW},
 * {@code DB_POOL_RECYCLE}, {@code REFRESH_TOKEN_ROTATION},
 * {@code REFRESH_TOKEN_REUSE_GRACE_SECONDS}, {@code PORT}; and, as extensions, {@code BCRYPT_COST},
 * {@code TOKEN_ISSUER}, {@code TOKEN_AUDIENCE}, {@code SESSION_IDLE_TIMEOUT_MINUTES},
 * {@code REGISTRATIONS_PER_ADDRESS_PER_HOUR}, {@code ADMIN_ROLE}, {@code ADMIN_EMAILS}, the mail settings
 * ({@code SMTP_HOST}, {@code SMTP_PORT}, {@code SMTP_USERNAME}, {@code SMTP_PASSWORD}, {@code SMTP_FROM},
 * {@code SMTP_STARTTLS}, {@code SMTP_SSL}, {@code MAIL_LANGUAGE}), {@code APP_BASE_URL} and
 * {@code REQUIRE_VERIFIED_EMAIL}. A
 * {@code .env} file is read too; real environment variables win over it. Empty values count as
 * unset.
 *
 * @param config the Latchkey configuration
 * @param secretKey {@code SECRET_KEY}, if set
 * @param databaseUrl {@code DATABASE_URL}, if set (empty: use the in-memory store)
 * @param debug {@code DEBUG}
 * @param pool the pool settings
 * @param port {@code PORT}
 * @param adminEmails {@code ADMIN_EMAILS}: the users who get the administrator role at start-up
 *     (comma-separated emails; none by default)
 * @param smtp the SMTP server, if {@code SMTP_HOST} is set (else mails are logged, in full only in DEBUG)
 * @param appBaseUrl {@code APP_BASE_URL}: where the web page is, the base of the links in mails
 *     (default {@code http://localhost:<PORT>/})
 * @param mailLanguage {@code MAIL_LANGUAGE}: the language of mails when the reader's is unknown
 *     ({@code en} or {@code ko}; default {@code en})
 */
public record EnvironmentSettings(
        LatchkeyConfig config,
        Optional<String> secretKey,
        Optional<String> databaseUrl,
        boolean debug,
        PoolSettings pool,
        int port,
        List<String> adminEmails,
        Optional<SmtpSettings> smtp,
        URI appBaseUrl,
        Locale mailLanguage) {

    /** The default {@code PORT}: the guide's curl calls use {@code localhost:8000}. */
    public static final int DEFAULT_PORT = 8000;

    /** Checks the parts are present. */
    public EnvironmentSettings {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(secretKey, "secretKey");
        Objects.requireNonNull(databaseUrl, "databaseUrl");
        Objects.requireNonNull(pool, "pool");
        adminEmails = List.copyOf(adminEmails);
        Objects.requireNonNull(smtp, "smtp");
        Objects.requireNonNull(appBaseUrl, "appBaseUrl");
        Objects.requireNonNull(mailLanguage, "mailLanguage");
    }

    /**
     * Reads this process's environment and {@code .env} in the working directory.
     *
     * @throws InvalidConfigurationException naming the variable if a value is bad
     */
    public static EnvironmentSettings load() {
        return load(System.getenv(), DotEnv.read(Path.of(".env")));
    }

    /**
     * Reads the given variables, {@code environment} winning over {@code dotEnv}.
     *
     * @throws InvalidConfigurationException naming the variable if a value is bad
     */
    public static EnvironmentSettings load(Map<String, String> environment, Map<String, String> dotEnv) {
        Map<String, String> merged = new HashMap<>(dotEnv);
        environment.forEach((name, value) -> {
            if (value != null && !value.isEmpty()) {
                merged.put(name, value);
            }
        });
        Variables vars = new Variables(merged);
        LatchkeyConfig.Builder config = LatchkeyConfig.builder();
        vars.apply("ACCESS_TOKEN_EXPIRE_MINUTES", "a whole number of minutes from 1 to 1440",
                v -> config.accessTokenTtl(Duration.ofMinutes(wholeNumber(v, 1, 1440))));
        vars.apply("REFRESH_TOKEN_EXPIRE_DAYS", "a whole number of days from 1 to 366",
                v -> config.refreshTokenTtl(Duration.ofDays(wholeNumber(v, 1, 366))));
        vars.apply("REFRESH_TOKEN_ROTATION", "True or False", v -> config.refreshTokenRotation(bool(v)));
        vars.apply("REFRESH_TOKEN_REUSE_GRACE_SECONDS", "a whole number of seconds from 0 to 300",
                v -> config.reuseGracePeriod(Duration.ofSeconds(wholeNumber(v, 0, 300))));
        vars.apply("SESSION_IDLE_TIMEOUT_MINUTES", "a whole number of minutes from 1 to 527040",
                v -> config.idleTimeout(Duration.ofMinutes(wholeNumber(v, 1, 527_040))));
        vars.apply("BCRYPT_COST", "a whole number from 4 to 31", v -> config.bcryptCost(wholeNumber(v, 4, 31)));
        vars.apply("TOKEN_ISSUER", "a non-blank string", config::issuer);
        vars.apply("TOKEN_AUDIENCE", "a non-blank string", config::audience);
        vars.apply("ADMIN_ROLE", "a role name (a letter, then letters, digits, '_', '.', ':' or '-'; at most 64)",
                config::adminRole);
        List<String> adminEmails = new ArrayList<>();
        vars.apply("ADMIN_EMAILS", "comma-separated email addresses", v -> {
            for (String email : v.split(",")) {
                String trimmed = email.strip();
                if (trimmed.isEmpty() || trimmed.indexOf('@') < 1 || trimmed.length() > 254) {
                    throw new IllegalArgumentException("not an email: " + trimmed);
                }
                adminEmails.add(trimmed);
            }
        });
        boolean[] requireVerified = {false};
        vars.apply("REQUIRE_VERIFIED_EMAIL", "True or False", v -> requireVerified[0] = bool(v));
        config.requireVerifiedEmail(requireVerified[0]);
        vars.apply("REGISTRATIONS_PER_ADDRESS_PER_HOUR", "a whole number from 1 to 1000000",
                v -> config.registrationThrottle(
                        new ThrottlePolicy(wholeNumber(v, 1, 1_000_000), Duration.ofHours(1))));

        int[] pool = {PoolSettings.DEFAULTS.size(), PoolSettings.DEFAULTS.maxOverflow(),
                (int) PoolSettings.DEFAULTS.recycle().getSeconds()};
        vars.apply("DB_POOL_SIZE", "a whole number from 1 to 1000", v -> pool[0] = wholeNumber(v, 1, 1000));
        vars.apply("DB_MAX_OVERFLOW", "a whole number from 0 to 1000", v -> pool[1] = wholeNumber(v, 0, 1000));
        vars.apply("DB_POOL_RECYCLE", "a whole number of seconds from 30 to 86400",
                v -> pool[2] = wholeNumber(v, 30, 86_400));
        int[] port = {DEFAULT_PORT};
        vars.apply("PORT", "a port number from 1 to 65535", v -> port[0] = wholeNumber(v, 1, 65_535));
        boolean[] debug = {false};
        vars.apply("DEBUG", "True or False", v -> debug[0] = bool(v));

        Optional<SmtpSettings> smtp = smtp(vars);
        URI[] appBaseUrl = {URI.create("http://localhost:" + port[0] + "/")};
        vars.apply("APP_BASE_URL", "an absolute http or https URL without a fragment or a user name (where the"
                + " web page is, e.g. https://app.example.com/)", v -> appBaseUrl[0] = webUrl(v));
        if (smtp.isPresent() && !debug[0] && vars.get("APP_BASE_URL").isEmpty()) {
            throw new InvalidConfigurationException("APP_BASE_URL must be set with SMTP_HOST (the address of the web"
                    + " page that the links in the mails open, e.g. https://app.example.com/); without it they would"
                    + " point to localhost");
        }
        if (requireVerified[0] && smtp.isEmpty() && !debug[0]) {
            throw new InvalidConfigurationException("REQUIRE_VERIFIED_EMAIL=True needs SMTP_HOST: without mail no"
                    + " verification link reaches anyone, and nobody who registers could log in");
        }
        Locale[] mailLanguage = {Locale.ENGLISH};
        vars.apply("MAIL_LANGUAGE", "en or ko", v -> mailLanguage[0] = switch (v.strip().toLowerCase(Locale.ROOT)) {
            case "en" -> Locale.ENGLISH;
            case "ko" -> Locale.KOREAN;
            default -> throw new IllegalArgumentException("not a language with templates");
        });

        LatchkeyConfig built;
        try {
            built = config.build();
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationException("Inconsistent token lifetimes: " + e.getMessage());
        }
        return new EnvironmentSettings(built, vars.get("SECRET_KEY"), vars.get("DATABASE_URL"), debug[0],
                new PoolSettings(pool[0], pool[1], Duration.ofSeconds(pool[2])), port[0], adminEmails, smtp,
                appBaseUrl[0], mailLanguage[0]);
    }

    private static Optional<SmtpSettings> smtp(Variables vars) {
        Optional<String> host = vars.get("SMTP_HOST");
        if (host.isEmpty()) {
            for (String name : List.of("SMTP_PORT", "SMTP_USERNAME", "SMTP_PASSWORD", "SMTP_FROM", "SMTP_STARTTLS",
                    "SMTP_SSL")) {
                if (vars.get(name).isPresent()) {
                    throw new InvalidConfigurationException(name + " is set but SMTP_HOST is not");
                }
            }
            return Optional.empty();
        }
        boolean[] ssl = {false};
        vars.apply("SMTP_SSL", "True or False", v -> ssl[0] = bool(v));
        boolean[] startTls = {true};
        vars.apply("SMTP_STARTTLS", "True or False", v -> startTls[0] = bool(v));
        if (ssl[0] && vars.get("SMTP_STARTTLS").isPresent() && startTls[0]) {
            throw new InvalidConfigurationException("SMTP_SSL=True and SMTP_STARTTLS=True contradict each other: TLS"
                    + " from the first byte (port 465) or STARTTLS (port 587), not both; leave SMTP_STARTTLS out");
        }
        int[] port = {ssl[0] ? 465 : 587};
        vars.apply("SMTP_PORT", "a port number from 1 to 65535", v -> port[0] = wholeNumber(v, 1, 65_535));
        Optional<String> from = vars.get("SMTP_FROM");
        if (from.isEmpty()) {
            throw new InvalidConfigurationException("SMTP_FROM must be set with SMTP_HOST (the sender's address,"
                    + " e.g. no-reply@example.com)");
        }
        vars.apply("SMTP_FROM", "an email address", v -> {
            if (Emails.problem(v).isPresent()) {
                throw new IllegalArgumentException("not an email address");
            }
        });
        Optional<String> username = vars.get("SMTP_USERNAME");
        Optional<String> password = vars.get("SMTP_PASSWORD");
        if (username.isPresent() != password.isPresent()) {
            throw new InvalidConfigurationException("SMTP_USERNAME and SMTP_PASSWORD must be set together");
        }
        SmtpSettings.Security security = ssl[0] ? SmtpSettings.Security.TLS
                : startTls[0] ? SmtpSettings.Security.STARTTLS : SmtpSettings.Security.NONE;
        return Optional.of(new SmtpSettings(host.get(), port[0], username, password, from.get(), security));
    }

    private static URI webUrl(String value) {
        URI uri;
        try {
            uri = new URI(value.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URL");
        }
        String scheme = uri.getScheme();
        if (!uri.isAbsolute() || uri.getHost() == null || uri.getRawFragment() != null || uri.getRawUserInfo() != null
                || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))) {
            throw new IllegalArgumentException("not an absolute http or https URL");
        }
        return uri;
    }

    private static int wholeNumber(String value, int min, int max) {
        int n;
        try {
            n = Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a whole number");
        }
        if (n < min || n > max) {
            throw new IllegalArgumentException("out of range");
        }
        return n;
    }

    private static boolean bool(String value) {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off" -> false;
            default -> throw new IllegalArgumentException("not a boolean");
        };
    }

    private record Variables(Map<String, String> values) {
        Optional<String> get(String name) {
            String value = values.get(name);
            return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
        }

        void apply(String name, String expected, Consumer<String> setter) {
            Optional<String> value = get(name);
            if (value.isEmpty()) {
                return;
            }
            try {
                setter.accept(value.get());
            } catch (IllegalArgumentException e) {
                throw new InvalidConfigurationException(name + " must be " + expected + ", was '" + value.get() + "'");
            }
        }
    }
}
