package dev.latchkey.core;

import dev.latchkey.core.throttle.ThrottlePolicy;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Latchkey's settings, immutable, with the defaults the README's configuration table lists. Build one with
 * {@link #builder()}; each setting is checked as it is given, and errors name the setting and the
 * bad value.
 *
 * @param accessTokenTtl access-token lifetime (default 30 minutes, {@code ACCESS_TOKEN_EXPIRE_MINUTES})
 * @param refreshTokenTtl session lifetime from login, never extended (default 7 days,
 *     {@code REFRESH_TOKEN_EXPIRE_DAYS})
 * @param refreshTokenRotation whether every refresh replaces the refresh token (default false)
 * @param reuseGracePeriod with rotation, how long a just-replaced token still succeeds (default 10 s)
 * @param idleTimeout end sessions unused for this long (default: none)
 * @param bcryptCost bcrypt's cost factor (default 12, as the replaced backend)
 * @param issuer the access tokens' {@code iss} (default {@code latchkey})
 * @param audience the access tokens' {@code aud} (default {@code latchkey})
 * @param clockSkew the leeway for {@code exp}, {@code nbf} and {@code iat} (default 60 s)
 * @param accountAddressThrottle failed password checks allowed per account from one client address
 *     (default 5 in 15 minutes): what stops one attacker guessing, without locking the owner out
 * @param accountThrottle failed password checks allowed per account from all addresses together
 *     (default 100 in an hour, OWASP ASVS 4.0.3 §2.2.1): the ceiling for guesses spread over many
 *     addresses
 * @param addressThrottle failed password checks allowed per client address, whatever the account
 *     (default 50 in 15 minutes)
 * @param registrationThrottle registrations allowed per client address (default 20 in an hour)
 * @param concurrentRegistrations registrations hashing a password at once in this process (default
 *     half the processors, at least one); one more waits up to two seconds, then is throttled, so
 *     a flood of registrations cannot take the processors logins need
 * @param adminRole the role whose holders may use {@link Latchkey#admin(dev.latchkey.core.token.VerifiedAccessToken)}
 *     (default {@code admin})
 * @param resetLinkTtl how long a password reset link works (default 30 minutes)
 * @param verificationLinkTtl how long an email verification link works (default 24 hours)
 * @param requireVerifiedEmail whether a login is refused until the user verified the email
 *     (default false)
 * @param recoveryThrottle password reset mails allowed per email address asked for, whether or not
 *     it is an account's (default 5 in an hour)
 * @param recoveryAddressThrottle password reset requests, and reset attempts with a bad token,
 *     allowed per client address (default 20 in 15 minutes)
 */
public record LatchkeyConfig(
        Duration accessTokenTtl,
        Duration refreshTokenTtl,
        boolean refreshTokenRotation,
        Duration reuseGracePeriod,
        Optional<Duration> idleTimeout,
        int bcryptCost,
        String issuer,
        String audience,
        Duration clockSkew,
        ThrottlePolicy accountAddressThrottle,
        ThrottlePolicy accountThrottle,
        ThrottlePolicy addressThrottle,
        ThrottlePolicy registrationThrottle,
        int concurrentRegistrations,
        String adminRole,
        Duration resetLinkTtl,
        Duration verificationLinkTtl,
        boolean requireVerifiedEmail,
        ThrottlePolicy recoveryThrottle,
        ThrottlePolicy recoveryAddressThrottle) {

    /** The lowest bcrypt cost accepted (the algorithm's minimum); use 10 or more in production. */
    public static final int MIN_BCRYPT_COST = 4;
    /** The highest bcrypt cost accepted. */
    public static final int MAX_BCRYPT_COST = 31;

    /** Checks every setting. */
    public LatchkeyConfig {
        requireBetween("accessTokenTtl", accessTokenTtl, Duration.ofSeconds(30), Duration.ofDays(1));
        requireBetween("refreshTokenTtl", refreshTokenTtl, Duration.ofMinutes(1), Duration.ofDays(366));
        requireBetween("reuseGracePeriod", reuseGracePeriod, Duration.ZERO, Duration.ofMinutes(5));
        requireBetween("clockSkew", clockSkew, Duration.ZERO, Duration.ofMinutes(5));
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        idleTimeout.ifPresent(d -> requireBetween("idleTimeout", d, Duration.ofMinutes(1), Duration.ofDays(366)));
        if (refreshTokenTtl.compareTo(accessTokenTtl) <= 0) {
            throw new IllegalArgumentException("refreshTokenTtl (" + refreshTokenTtl
                    + ") must be longer than accessTokenTtl (" + accessTokenTtl + ")");
        }
        if (bcryptCost < MIN_BCRYPT_COST || bcryptCost > MAX_BCRYPT_COST) {
            throw new IllegalArgumentException("bcryptCost must be from " + MIN_BCRYPT_COST + " to "
                    + MAX_BCRYPT_COST + ", was " + bcryptCost);
        }
        requireText("issuer", issuer);
        requireText("audience", audience);
        Objects.requireNonNull(accountAddressThrottle, "accountAddressThrottle");
        Objects.requireNonNull(accountThrottle, "accountThrottle");
        Objects.requireNonNull(addressThrottle, "addressThrottle");
        Objects.requireNonNull(registrationThrottle, "registrationThrottle");
        requirePositive("concurrentRegistrations", concurrentRegistrations);
        adminRole = RoleNames.normalise("adminRole", adminRole);
        requireBetween("resetLinkTtl", resetLinkTtl, Duration.ofMinutes(1), Duration.ofDays(1));
        requireBetween("verificationLinkTtl", verificationLinkTtl, Duration.ofMinutes(1), Duration.ofDays(30));
        Objects.requireNonNull(recoveryThrottle, "recoveryThrottle");
        Objects.requireNonNull(recoveryAddressThrottle, "recoveryAddressThrottle");
    }

    /** The defaults. */
    public static LatchkeyConfig defaults() {
        return builder().build();
    }

    /** A builder holding the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this configuration's settings. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.accessTokenTtl = accessTokenTtl;
        b.refreshTokenTtl = refreshTokenTtl;
        b.refreshTokenRotation = refreshTokenRotation;
        b.reuseGracePeriod = reuseGracePeriod;
        b.idleTimeout = idleTimeout;
        b.bcryptCost = bcryptCost;
        b.issuer = issuer;
        b.audience = audience;
        b.clockSkew = clockSkew;
        b.accountAddressThrottle = accountAddressThrottle;
        b.accountThrottle = accountThrottle;
        b.addressThrottle = addressThrottle;
        b.registrationThrottle = registrationThrottle;
        b.concurrentRegistrations = concurrentRegistrations;
        b.adminRole = adminRole;
        b.resetLinkTtl = resetLinkTtl;
        b.verificationLinkTtl = verificationLinkTtl;
        b.requireVerifiedEmail = requireVerifiedEmail;
        b.recoveryThrottle = recoveryThrottle;
        b.recoveryAddressThrottle = recoveryAddressThrottle;
        return b;
    }

    private static void requireBetween(String name, Duration value, Duration min, Duration max) {
        Objects.requireNonNull(value, name);
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new IllegalArgumentException(name + " must be from " + min + " to " + max + ", was " + value);
        }
    }

    private static void requirePositive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, was " + value);
        }
    }

    private static void requireText(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }

    /** Builds a {@link LatchkeyConfig}; starts from the defaults. */
    public static final class Builder {
        private Duration accessTokenTtl = Duration.ofMinutes(30);
        private Duration refreshTokenTtl = Duration.ofDays(7);
        private boolean refreshTokenRotation;
        private Duration reuseGracePeriod = Duration.ofSeconds(10);
        private Optional<Duration> idleTimeout = Optional.empty();
        private int bcryptCost = 12;
        private String issuer = "latchkey";
        private String audience = "latchkey";
        private Duration clockSkew = Duration.ofSeconds(60);
        private ThrottlePolicy accountAddressThrottle = new ThrottlePolicy(5, Duration.ofMinutes(15));
        private ThrottlePolicy accountThrottle = new ThrottlePolicy(100, Duration.ofHours(1));
        private ThrottlePolicy addressThrottle = new ThrottlePolicy(50, Duration.ofMinutes(15));
        private ThrottlePolicy registrationThrottle = new ThrottlePolicy(20, Duration.ofHours(1));
        private int concurrentRegistrations = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
        private String adminRole = "admin";
        private Duration resetLinkTtl = Duration.ofMinutes(30);
        private Duration verificationLinkTtl = Duration.ofHours(24);
        private boolean requireVerifiedEmail;
        private ThrottlePolicy recoveryThrottle = new ThrottlePolicy(5, Duration.ofHours(1));
        private ThrottlePolicy recoveryAddressThrottle = new ThrottlePolicy(20, Duration.ofMinutes(15));

        private Builder() {
        }

        /** Access-token lifetime, from 30 seconds to 1 day. */
        public Builder accessTokenTtl(Duration value) {
            requireBetween("accessTokenTtl", value, Duration.ofSeconds(30), Duration.ofDays(1));
            this.accessTokenTtl = value;
            return this;
        }

        /** Session (refresh-token) lifetime, from 1 minute to 366 days. */
        public Builder refreshTokenTtl(Duration value) {
            requireBetween("refreshTokenTtl", value, Duration.ofMinutes(1), Duration.ofDays(366));
            this.refreshTokenTtl = value;
            return this;
        }

        /** Whether every refresh replaces the refresh token. */
        public Builder refreshTokenRotation(boolean value) {
            this.refreshTokenRotation = value;
            return this;
        }

        /** With rotation, how long a just-replaced token still succeeds, up to 5 minutes. */
        public Builder reuseGracePeriod(Duration value) {
            requireBetween("reuseGracePeriod", value, Duration.ZERO, Duration.ofMinutes(5));
            this.reuseGracePeriod = value;
            return this;
        }

        /** End sessions unused for this long; null for no idle timeout. */
        public Builder idleTimeout(Duration value) {
            if (value != null) {
                requireBetween("idleTimeout", value, Duration.ofMinutes(1), Duration.ofDays(366));
            }
            this.idleTimeout = Optional.ofNullable(value);
            return this;
        }

        /** bcrypt's cost factor, from 4 to 31. */
        public Builder bcryptCost(int value) {
            if (value < MIN_BCRYPT_COST || value > MAX_BCRYPT_COST) {
                throw new IllegalArgumentException("bcryptCost must be from " + MIN_BCRYPT_COST + " to "
                        + MAX_BCRYPT_COST + ", was " + value);
            }
            this.bcryptCost = value;
            return this;
        }

        /** The {@code iss} of access tokens. */
        public Builder issuer(String value) {
            requireText("issuer", value);
            this.issuer = value;
            return this;
        }

        /** The {@code aud} of access tokens. */
        public Builder audience(String value) {
            requireText("audience", value);
            this.audience = value;
            return this;
        }

        /** The leeway for time claims, up to 5 minutes. */
        public Builder clockSkew(Duration value) {
            requireBetween("clockSkew", value, Duration.ZERO, Duration.ofMinutes(5));
            this.clockSkew = value;
            return this;
        }

        /** Failed password checks allowed per account from one client address. */
        public Builder accountAddressThrottle(ThrottlePolicy value) {
            this.accountAddressThrottle = Objects.requireNonNull(value, "accountAddressThrottle");
            return this;
        }

        /** Failed password checks allowed per account from all addresses together. */
        public Builder accountThrottle(ThrottlePolicy value) {
            this.accountThrottle = Objects.requireNonNull(value, "accountThrottle");
            return this;
        }

        /** Failed password checks allowed per client address. */
        public Builder addressThrottle(ThrottlePolicy value) {
            this.addressThrottle = Objects.requireNonNull(value, "addressThrottle");
            return this;
        }

        /** Registrations allowed per client address. */
        public Builder registrationThrottle(ThrottlePolicy value) {
            this.registrationThrottle = Objects.requireNonNull(value, "registrationThrottle");
            return this;
        }

        /** Registrations hashing a password at once in this process, at least 1. */
        public Builder concurrentRegistrations(int value) {
            requirePositive("concurrentRegistrations", value);
            this.concurrentRegistrations = value;
            return this;
        }

        /**
         * The role of administrators (default {@code admin}); a role name as
         * {@link Administration#grantRole} takes it.
         */
        public Builder adminRole(String value) {
            this.adminRole = RoleNames.normalise("adminRole", value);
            return this;
        }

        /** How long a password reset link works, from 1 minute to 1 day. */
        public Builder resetLinkTtl(Duration value) {
            requireBetween("resetLinkTtl", value, Duration.ofMinutes(1), Duration.ofDays(1));
            this.resetLinkTtl = value;
            return this;
        }

        /** How long an email verification link works, from 1 minute to 30 days. */
        public Builder verificationLinkTtl(Duration value) {
            requireBetween("verificationLinkTtl", value, Duration.ofMinutes(1), Duration.ofDays(30));
            this.verificationLinkTtl = value;
            return this;
        }

        /** Whether a login is refused (403) until the user verified the email. */
        public Builder requireVerifiedEmail(boolean value) {
            this.requireVerifiedEmail = value;
            return this;
        }

        /** Password reset mails allowed per email address asked for. */
        public Builder recoveryThrottle(ThrottlePolicy value) {
            this.recoveryThrottle = Objects.requireNonNull(value, "recoveryThrottle");
            return this;
        }

        /** Password reset requests and bad reset tokens allowed per client address. */
        public Builder recoveryAddressThrottle(ThrottlePolicy value) {
            this.recoveryAddressThrottle = Objects.requireNonNull(value, "recoveryAddressThrottle");
            return this;
        }

        /**
         * The configuration.
         *
         * @throws IllegalArgumentException if the settings contradict each other
         */
        public LatchkeyConfig build() {
            return new LatchkeyConfig(accessTokenTtl, refreshTokenTtl, refreshTokenRotation, reuseGracePeriod,
                    idleTimeout, bcryptCost, issuer, audience, clockSkew, accountAddressThrottle, accountThrottle,
                    addressThrottle, registrationThrottle, concurrentRegistrations, adminRole, resetLinkTtl,
                    verificationLinkTtl, requireVerifiedEmail, recoveryThrottle, recoveryAddressThrottle);
        }
    }
}
