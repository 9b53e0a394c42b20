package dev.latchkey.core.throttle;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The sliding-window rule, in one place, for every {@link LoginThrottle}: a key's attempts on
 * record are a list of instants, oldest first; those at or before {@code now - window} no longer
 * count, and a key with {@code maxAttempts} attempts inside the window refuses the next one until
 * the oldest of them leaves it. A store keeps the lists; this class decides.
 */
public final class AttemptWindow {

    private AttemptWindow() {
    }

    /** The attempts that still count at {@code now}, oldest first. */
    public static List<Instant> recent(List<Instant> attempts, ThrottlePolicy policy, Instant now) {
        Instant start = now.minus(policy.window());
        List<Instant> recent = new ArrayList<>(attempts.size());
        for (Instant attempt : attempts) {
            if (attempt.isAfter(start)) {
                recent.add(attempt);
            }
        }
        recent.sort(null);
        return recent;
    }

    /** How long until one more attempt is allowed: zero when it is allowed now. */
    public static Duration waitBeforeNext(List<Instant> attempts, ThrottlePolicy policy, Instant now) {
        List<Instant> recent = recent(attempts, policy, now);
        if (recent.size() < policy.maxAttempts()) {
            return Duration.ZERO;
        }
        Instant freedAt = recent.get(recent.size() - policy.maxAttempts()).plus(policy.window());
        return Duration.between(now, freedAt);
    }

    /**
     * The record after one more attempt at {@code now}: the attempts that still count plus this
     * one, and only the newest {@code maxAttempts} of them, which are all that ever decide.
     */
    public static List<Instant> plus(List<Instant> attempts, ThrottlePolicy policy, Instant now) {
        List<Instant> next = recent(attempts, policy, now);
        next.add(now);
        next.sort(null);
        int excess = next.size() - policy.maxAttempts();
        return List.copyOf(excess > 0 ? next.subList(excess, next.size()) : next);
    }

    /** The record without one attempt made at {@code at} (unchanged when there is none). */
    public static List<Instant> minus(List<Instant> attempts, Instant at) {
        List<Instant> next = new ArrayList<>(attempts);
        next.remove(at);
        return List.copyOf(next);
    }

    /** When the record stops mattering: its newest attempt leaves the window. */
    public static Instant forgettableAt(List<Instant> attempts, ThrottlePolicy policy) {
        Instant newest = Instant.MIN;
        for (Instant attempt : attempts) {
            if (attempt.isAfter(newest)) {
                newest = attempt;
            }
        }
        return newest.equals(Instant.MIN) ? Instant.MIN : newest.plus(policy.window());
    }
}
