package dev.latchkey.core.throttle;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Counts failed logins per account and per client address and says when to refuse. Latchkey
 * checks it before it looks at the password, records every failure, and reports every success.
 * The in-memory {@link InMemoryLoginThrottle} suits one node; several nodes that must share counts
 * implement this over a shared store.
 */
public interface LoginThrottle {

    /**
     * Whether an attempt may go ahead now.
     *
     * @param account the normalised email
     * @param ipAddress the client's address
     * @return empty to allow it, or how long to wait
     */
    Optional<Duration> retryAfter(String account, String ipAddress, Instant now);

    /** A failed attempt: counts against the account and the address. */
    void recordFailure(String account, String ipAddress, Instant now);

    /** A successful login: clears the account's failures (the address's stay). */
    void recordSuccess(String account, String ipAddress, Instant now);
}
