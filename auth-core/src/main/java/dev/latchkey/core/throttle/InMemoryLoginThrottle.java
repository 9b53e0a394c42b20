package dev.latchkey.core.throttle;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link LoginThrottle} in this process's memory: a sliding window of failure instants per
 * account and per address. Entries whose failures have all left the window are dropped, so memory
 * follows the number of keys that failed recently. Thread-safe.
 */
public final class InMemoryLoginThrottle implements LoginThrottle {

    private static final int SWEEP_EVERY = 4096;

    private final ThrottlePolicy accountPolicy;
    private final ThrottlePolicy addressPolicy;
    private final Map<String, Deque<Instant>> accounts = new ConcurrentHashMap<>();
    private final Map<String, Deque<Instant>> addresses = new ConcurrentHashMap<>();
    private int failuresSinceSweep;

    /** A throttle with a policy per account and one per address. */
    public InMemoryLoginThrottle(ThrottlePolicy accountPolicy, ThrottlePolicy addressPolicy) {
        this.accountPolicy = Objects.requireNonNull(accountPolicy, "accountPolicy");
        this.addressPolicy = Objects.requireNonNull(addressPolicy, "addressPolicy");
    }

    @Override
    public Optional<Duration> retryAfter(String account, String ipAddress, Instant now) {
        Duration byAccount = wait(accounts, account, accountPolicy, now);
        Duration byAddress = wait(addresses, ipAddress, addressPolicy, now);
        Duration longest = byAccount.compareTo(byAddress) >= 0 ? byAccount : byAddress;
        return longest.isZero() ? Optional.empty() : Optional.of(longest);
    }

    @Override
    public void recordFailure(String account, String ipAddress, Instant now) {
        record(accounts, account, accountPolicy, now);
        record(addresses, ipAddress, addressPolicy, now);
        boolean sweep;
        synchronized (this) {
            sweep = ++failuresSinceSweep >= SWEEP_EVERY;
            if (sweep) {
                failuresSinceSweep = 0;
            }
        }
        if (sweep) {
            sweep(accounts, accountPolicy, now);
            sweep(addresses, addressPolicy, now);
        }
    }

    @Override
    public void recordSuccess(String account, String ipAddress, Instant now) {
        accounts.remove(account);
    }

    /** How many accounts and addresses have failures on record (for tests and metrics). */
    public int trackedKeys() {
        return accounts.size() + addresses.size();
    }

    private static Duration wait(Map<String, Deque<Instant>> map, String key, ThrottlePolicy policy, Instant now) {
        Deque<Instant> failures = map.get(key);
        if (failures == null) {
            return Duration.ZERO;
        }
        synchronized (failures) {
            dropOld(failures, policy, now);
            if (failures.size() < policy.maxFailures()) {
                return Duration.ZERO;
            }
            // Refused until enough of the failures leave the window to fall below the limit.
            Instant[] ordered = failures.toArray(new Instant[0]);
            Instant freedAt = ordered[ordered.length - policy.maxFailures()].plus(policy.window());
            return Duration.between(now, freedAt);
        }
    }

    private static void record(Map<String, Deque<Instant>> map, String key, ThrottlePolicy policy, Instant now) {
        Deque<Instant> failures = map.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (failures) {
            dropOld(failures, policy, now);
            failures.addLast(now);
            // Only the newest maxFailures instants ever decide anything.
            while (failures.size() > policy.maxFailures()) {
                failures.removeFirst();
            }
        }
    }

    private static void dropOld(Deque<Instant> failures, ThrottlePolicy policy, Instant now) {
        Instant start = now.minus(policy.window());
        while (!failures.isEmpty() && !failures.peekFirst().isAfter(start)) {
            failures.removeFirst();
        }
    }

    private static void sweep(Map<String, Deque<Instant>> map, ThrottlePolicy policy, Instant now) {
        map.entrySet().removeIf(entry -> {
            Deque<Instant> failures = entry.getValue();
            synchronized (failures) {
                dropOld(failures, policy, now);
                return failures.isEmpty();
            }
        });
    }
}
