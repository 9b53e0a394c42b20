package dev.latchkey.core.throttle;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link LoginThrottle} in this process's memory. One lock makes each acquisition atomic across
 * its keys. Keys whose attempts have all left their window are forgotten as acquisitions go on, so
 * memory follows the number of keys with recent attempts. Thread-safe.
 */
public final class InMemoryLoginThrottle implements LoginThrottle {

    private static final int SWEEP_EVERY = 4096;

    private record Entry(List<Instant> attempts, ThrottlePolicy policy) {
    }

    private final Map<String, Entry> entries = new HashMap<>();
    private int acquiredSinceSweep;

    @Override
    public synchronized Optional<Duration> tryAcquire(List<ThrottleKey> keys, Instant now) {
        Objects.requireNonNull(now, "now");
        Duration longest = Duration.ZERO;
        for (ThrottleKey key : keys) {
            Duration wait = AttemptWindow.waitBeforeNext(attempts(key.name()), key.policy(), now);
            if (wait.compareTo(longest) > 0) {
                longest = wait;
            }
        }
        if (!longest.isZero()) {
            return Optional.of(longest);
        }
        for (ThrottleKey key : keys) {
            entries.put(key.name(), new Entry(AttemptWindow.plus(attempts(key.name()), key.policy(), now),
                    key.policy()));
        }
        if (++acquiredSinceSweep >= SWEEP_EVERY) {
            acquiredSinceSweep = 0;
            deleteExpired(now, Integer.MAX_VALUE);
        }
        return Optional.empty();
    }

    @Override
    public synchronized void release(List<ThrottleKey> keys, Instant acquiredAt) {
        for (ThrottleKey key : keys) {
            Entry entry = entries.get(key.name());
            if (entry != null) {
                entries.put(key.name(), new Entry(AttemptWindow.minus(entry.attempts(), acquiredAt), entry.policy()));
            }
        }
    }

    @Override
    public synchronized void reset(ThrottleKey key) {
        entries.remove(key.name());
    }

    @Override
    public synchronized int deleteExpired(Instant now, int limit) {
        int deleted = 0;
        for (Iterator<Entry> it = entries.values().iterator(); it.hasNext() && deleted < limit; ) {
            Entry entry = it.next();
            if (!AttemptWindow.forgettableAt(entry.attempts(), entry.policy()).isAfter(now)) {
                it.remove();
                deleted++;
            }
        }
        return deleted;
    }

    /** How many keys have attempts on record (for tests and metrics). */
    public synchronized int trackedKeys() {
        return entries.size();
    }

    private List<Instant> attempts(String name) {
        Entry entry = entries.get(name);
        return entry == null ? List.of() : entry.attempts();
    }
}
