package dev.latchkey.core.throttle;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Counts password attempts (and registrations) against named keys and refuses those over their
 * {@link ThrottlePolicy}. Latchkey <em>reserves</em> an attempt before it does any password work and
 * gives it back when the password was right, so that however many attempts arrive at once, at most
 * a policy's number are ever evaluated. The rule itself is {@link AttemptWindow}'s; an
 * implementation stores each key's record and makes {@link #tryAcquire} atomic.
 *
 * <p>{@link InMemoryLoginThrottle} suits one process; several nodes that must share counts use a
 * shared store (auth-jdbi has one on PostgreSQL). Every implementation must pass the contract suite
 * {@code LoginThrottleContract} from auth-core's test-jar.
 */
public interface LoginThrottle {

    /**
     * In one atomic step: if every key allows one more attempt at {@code now}
     * ({@link AttemptWindow#waitBeforeNext} is zero for each), records one against each
     * ({@link AttemptWindow#plus}) and returns empty; otherwise records nothing and returns the
     * longest wait. Of any number of racing calls on a key, at most its policy's number succeed
     * within a window.
     */
    Optional<Duration> tryAcquire(List<ThrottleKey> keys, Instant now);

    /** Gives back one attempt acquired at {@code acquiredAt} from each key ({@link AttemptWindow#minus}). */
    void release(List<ThrottleKey> keys, Instant acquiredAt);

    /** Forgets every attempt on record for the key. */
    void reset(ThrottleKey key);

    /**
     * Forgets at most {@code limit} keys whose newest attempt has left its window by {@code now}.
     *
     * @return how many were forgotten; call again while it equals {@code limit}
     */
    int deleteExpired(Instant now, int limit);
}
