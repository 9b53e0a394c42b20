package dev.latchkey.core;

import dev.latchkey.core.throttle.LoginThrottle;
import dev.latchkey.core.throttle.ThrottleKey;
import dev.latchkey.core.user.Emails;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Latchkey's throttling policy, in one place. A password check (a login, or the current password of
 * a password change) reserves one attempt against three keys before any hash work: the account from
 * this address, the account from everywhere, and the address for every account. A wrong password
 * keeps the reservation: it is the failure the policies count. A right one gives back the account's
 * and the address's, and clears the account-from-this-address record. So a stranger's guesses use
 * up only their own address's allowance for the account, while guesses spread over many addresses
 * still meet the account's ceiling.
 *
 * <p>Accounts are keyed by the user's id when the email belongs to one (however it was spelled),
 * else by the email as typed, trimmed and lower-cased. Registrations reserve one attempt per address
 * (kept, whatever the outcome), and at most a configured number hash at once in this process.
 */
final class AttemptLimits {

    private static final Duration REGISTRATION_WAIT = Duration.ofSeconds(2);

    private final LoginThrottle throttle;
    private final LatchkeyConfig config;
    private final Semaphore hashing;

    /** The policy of {@code config} over a store of attempts. */
    AttemptLimits(LoginThrottle throttle, LatchkeyConfig config) {
        this.throttle = throttle;
        this.config = config;
        this.hashing = new Semaphore(config.concurrentRegistrations(), true);
    }

    /** The account key of a user. */
    static String account(UserId id) {
        return "user:" + id;
    }

    /** The account key of an email that belongs to no user (as a store can keep it). */
    static String unknownAccount(String typedEmail) {
        return "email:" + StorableText.replaceUnstorable(Emails.normalise(typedEmail));
    }

    /**
     * Reserves one password check of {@code account} from {@code address}.
     *
     * @return the reservation; when {@link Reservation#refusal()} is present, nothing was reserved
     */
    Reservation reservePasswordCheck(String account, String address, Instant now) {
        Instant at = now.truncatedTo(ChronoUnit.MICROS);
        ThrottleKey pair = new ThrottleKey(limit("login:account+address:" + account + "|" + address),
                config.accountAddressThrottle());
        ThrottleKey wide = new ThrottleKey(limit("login:account:" + account), config.accountThrottle());
        ThrottleKey from = new ThrottleKey("login:address:" + address, config.addressThrottle());
        Optional<Duration> wait = throttle.tryAcquire(List.of(pair, wide, from), at);
        return new Reservation(wait.orElse(Duration.ZERO), pair, List.of(wide, from), at);
    }

    /**
     * Runs {@code hashing} for a registration from {@code address} (null: not a client's), within
     * the per-address and the concurrency limits.
     *
     * @throws ThrottledException when either limit is reached
     */
    String registrationHash(String address, Instant now, Supplier<String> hash) {
        Instant at = now.truncatedTo(ChronoUnit.MICROS);
        List<ThrottleKey> keys = address == null ? List.of()
                : List.of(new ThrottleKey("register:address:" + address, config.registrationThrottle()));
        // The address's allowance first: a refusal there costs no wait for a place to hash.
        Optional<Duration> wait = keys.isEmpty() ? Optional.empty() : throttle.tryAcquire(keys, at);
        if (wait.isPresent()) {
            throw new ThrottledException(ThrottledException.REGISTRATION_MESSAGE, wait.get());
        }
        boolean acquired;
        try {
            acquired = hashing.tryAcquire(REGISTRATION_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            acquired = false;
        }
        if (!acquired) {
            // Nothing was hashed: the address keeps its allowance.
            if (!keys.isEmpty()) {
                throttle.release(keys, at);
            }
            throw new ThrottledException(ThrottledException.BUSY_MESSAGE, REGISTRATION_WAIT);
        }
        try {
            return hash.get();
        } finally {
            hashing.release();
        }
    }

    /**
     * Counts one password reset request for {@code email} (as asked for, whether or not it is an
     * account's, so that a refusal tells nothing about accounts) from {@code address}.
     *
     * @return how long to wait when refused; empty when counted
     */
    Optional<Duration> recoveryRequest(String email, String address, Instant now) {
        Instant at = now.truncatedTo(ChronoUnit.MICROS);
        return throttle.tryAcquire(List.of(
                new ThrottleKey(limit("recovery:email:" + StorableText.replaceUnstorable(Emails.normalise(email))),
                        config.recoveryThrottle()),
                new ThrottleKey("recovery:address:" + address, config.recoveryAddressThrottle())), at);
    }

    /**
     * Reserves one use of a single-use token from {@code address}: a refused token keeps it (the
     * failures the policy counts), a good one gives it back.
     */
    TokenUse reserveTokenUse(String address, Instant now) {
        Instant at = now.truncatedTo(ChronoUnit.MICROS);
        List<ThrottleKey> keys = List.of(new ThrottleKey("recovery:token:address:" + address,
                config.recoveryAddressThrottle()));
        Optional<Duration> wait = throttle.tryAcquire(keys, at);
        return new TokenUse(wait, keys, at);
    }

    /** One reserved use of a single-use token, or a refusal. */
    final class TokenUse {
        private final Optional<Duration> wait;
        private final List<ThrottleKey> keys;
        private final Instant at;

        private TokenUse(Optional<Duration> wait, List<ThrottleKey> keys, Instant at) {
            this.wait = wait;
            this.keys = keys;
            this.at = at;
        }

        /** How long to wait when refused; empty when reserved. */
        Optional<Duration> refusal() {
            return wait;
        }

        /** The token was good: the use does not count. */
        void succeeded() {
            throttle.release(keys, at);
        }
    }

    /** Forgets expired attempt records, in batches; see {@link LoginThrottle#deleteExpired}. */
    int deleteExpired(Instant now, int batch) {
        int total = 0;
        int deleted;
        do {
            deleted = throttle.deleteExpired(now, batch);
            total += deleted;
        } while (deleted == batch);
        return total;
    }

    private static String limit(String name) {
        // Emails are at most 254 characters, so only a pathological typed email reaches this.
        return name.length() <= ThrottleKey.MAX_NAME_LENGTH ? name : name.substring(0, ThrottleKey.MAX_NAME_LENGTH);
    }

    /** One reserved password check, or a refusal. */
    final class Reservation {
        private final Duration wait;
        private final ThrottleKey pair;
        private final List<ThrottleKey> shared;
        private final Instant at;

        private Reservation(Duration wait, ThrottleKey pair, List<ThrottleKey> shared, Instant at) {
            this.wait = wait;
            this.pair = pair;
            this.shared = shared;
            this.at = at;
        }

        /** How long to wait when refused; empty when reserved. */
        Optional<Duration> refusal() {
            return wait.isZero() ? Optional.empty() : Optional.of(wait);
        }

        /** The password was right: the attempt does not count, and this address's record is cleared. */
        void succeeded() {
            throttle.release(shared, at);
            throttle.reset(pair);
        }
    }
}
