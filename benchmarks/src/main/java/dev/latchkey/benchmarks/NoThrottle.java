package dev.latchkey.benchmarks;

import dev.latchkey.core.throttle.LoginThrottle;
import dev.latchkey.core.throttle.ThrottleKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Allows every attempt, so that a benchmark of wrong passwords measures the password check, not a refusal. */
final class NoThrottle implements LoginThrottle {

    @Override
    public Optional<Duration> tryAcquire(List<ThrottleKey> keys, Instant now) {
        return Optional.empty();
    }

    @Override
    public void release(List<ThrottleKey> keys, Instant acquiredAt) {
    }

    @Override
    public void reset(ThrottleKey key) {
    }

    @Override
    public int deleteExpired(Instant now, int limit) {
        return 0;
    }
}
