package dev.latchkey.core.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.latchkey.core.testing.Race;
import dev.latchkey.core.throttle.LoginThrottle;
import dev.latchkey.core.throttle.ThrottleKey;
import dev.latchkey.core.throttle.ThrottlePolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link LoginThrottle} must do: count per key by the sliding-window rule, reserve across
 * several keys all or nothing, and never let racing callers past a policy. An adapter's test extends
 * this class.
 */
public abstract class LoginThrottleContract {

    /** An instant with microseconds, which a store must keep exactly. */
    protected static final Instant T = Instant.parse("2026-11-24T10:00:00.123456Z");
    private static final Duration WINDOW = Duration.ofMinutes(15);
    private static final ThrottlePolicy FIVE = new ThrottlePolicy(5, WINDOW);

    private LoginThrottle throttle;

    /** A throttle over an empty store. */
    protected abstract LoginThrottle createThrottle();

    /** A second throttle over the same store as the last one created, as another node would have. */
    protected abstract LoginThrottle sameStoreOtherNode();

    @BeforeEach
    void createThrottleUnderTest() {
        throttle = createThrottle();
    }

    private static ThrottleKey key(ThrottlePolicy policy) {
        return new ThrottleKey("test:" + UUID.randomUUID(), policy);
    }

    private static int acquire(LoginThrottle throttle, ThrottleKey key, int times, Instant at) {
        int acquired = 0;
        for (int i = 0; i < times; i++) {
            if (throttle.tryAcquire(List.of(key), at).isEmpty()) {
                acquired++;
            }
        }
        return acquired;
    }

    @Test
    void aKeyAllowsItsPolicysAttemptsThenRefusesUntilTheOldestLeavesTheWindow() {
        ThrottleKey key = key(FIVE);
        assertThat(acquire(throttle, key, 4, T)).isEqualTo(4);
        assertThat(throttle.tryAcquire(List.of(key), T.plusSeconds(60))).isEmpty();

        assertThat(throttle.tryAcquire(List.of(key), T.plusSeconds(60))).contains(WINDOW.minusSeconds(60));
        assertThat(throttle.tryAcquire(List.of(key), T.plus(WINDOW).minusSeconds(1))).contains(Duration.ofSeconds(1));
        assertThat(throttle.tryAcquire(List.of(key), T.plus(WINDOW))).isEmpty();
    }

    @Test
    void aRefusedAttemptIsNotRecorded() {
        ThrottleKey key = key(FIVE);
        acquire(throttle, key, 5, T);
        for (int i = 0; i < 20; i++) {
            assertThat(throttle.tryAcquire(List.of(key), T.plusSeconds(i))).isPresent();
        }
        assertThat(throttle.tryAcquire(List.of(key), T.plus(WINDOW))).isEmpty();
    }

    @Test
    void severalKeysAreReservedAllOrNothing() {
        ThrottleKey full = key(new ThrottlePolicy(1, WINDOW));
        ThrottleKey free = key(new ThrottlePolicy(1, WINDOW));
        throttle.tryAcquire(List.of(full), T);

        assertThat(throttle.tryAcquire(List.of(free, full), T)).contains(WINDOW);

        assertThat(throttle.tryAcquire(List.of(free), T)).as("the refused reservation took nothing").isEmpty();
    }

    @Test
    void theLongestWaitOfTheRefusingKeysIsReported() {
        ThrottleKey soon = key(new ThrottlePolicy(1, Duration.ofMinutes(1)));
        ThrottleKey late = key(new ThrottlePolicy(1, Duration.ofHours(1)));
        throttle.tryAcquire(List.of(soon, late), T);

        assertThat(throttle.tryAcquire(List.of(soon, late), T.plusSeconds(30)))
                .contains(Duration.ofMinutes(59).plusSeconds(30));
    }

    @Test
    void aReleasedAttemptNoLongerCounts() {
        ThrottleKey key = key(FIVE);
        acquire(throttle, key, 4, T);
        Instant last = T.plusNanos(1000);
        throttle.tryAcquire(List.of(key), last);
        assertThat(throttle.tryAcquire(List.of(key), last)).isPresent();

        throttle.release(List.of(key), last);

        assertThat(throttle.tryAcquire(List.of(key), last)).isEmpty();
        assertThat(throttle.tryAcquire(List.of(key), last)).isPresent();
    }

    @Test
    void releasingWhatWasNeverAcquiredChangesNothing() {
        ThrottleKey key = key(FIVE);
        acquire(throttle, key, 5, T);

        throttle.release(List.of(key), T.minusSeconds(1));
        throttle.release(List.of(key(FIVE)), T);

        assertThat(throttle.tryAcquire(List.of(key), T)).isPresent();
    }

    @Test
    void aResetKeyStartsAfresh() {
        ThrottleKey key = key(FIVE);
        ThrottleKey other = key(FIVE);
        acquire(throttle, key, 5, T);
        acquire(throttle, other, 5, T);

        throttle.reset(key);

        assertThat(acquire(throttle, key, 5, T)).isEqualTo(5);
        assertThat(throttle.tryAcquire(List.of(other), T)).as("other keys keep their record").isPresent();
    }

    @Test
    void aHundredRacingAttemptsOnOneKeyReserveExactlyItsPolicysNumber() throws Exception {
        ThrottleKey key = key(FIVE);

        List<Optional<Duration>> results = Race.run(100, i -> throttle.tryAcquire(List.of(key), T));

        assertThat(results.stream().filter(Optional::isEmpty).count()).isEqualTo(5);
        assertThat(throttle.tryAcquire(List.of(key), T)).isPresent();
    }

    @Test
    void racingAttemptsOnOverlappingKeysNeverPassAnyKeysPolicy() throws Exception {
        ThrottleKey shared = key(new ThrottlePolicy(20, WINDOW));
        List<ThrottleKey> own = List.of(key(FIVE), key(FIVE), key(FIVE), key(FIVE), key(FIVE), key(FIVE));

        List<Optional<Duration>> results = Race.run(96, i -> throttle.tryAcquire(
                i % 2 == 0 ? List.of(own.get(i % own.size()), shared) : List.of(shared, own.get(i % own.size())), T));

        assertThat(results.stream().filter(Optional::isEmpty).count()).isEqualTo(20);
    }

    @Test
    void twoNodesOnOneStoreShareTheCount() throws Exception {
        ThrottleKey key = key(FIVE);
        LoginThrottle other = sameStoreOtherNode();

        List<Optional<Duration>> results = Race.run(40,
                i -> (i % 2 == 0 ? throttle : other).tryAcquire(List.of(key), T));

        assertThat(results.stream().filter(Optional::isEmpty).count()).isEqualTo(5);
        assertThat(other.tryAcquire(List.of(key), T)).isPresent();
    }

    @Test
    void expiredRecordsAreDeletedInBatchesAndRecentOnesKept() {
        List<ThrottleKey> old = List.of(key(FIVE), key(FIVE), key(FIVE));
        ThrottleKey recent = key(FIVE);
        old.forEach(k -> throttle.tryAcquire(List.of(k), T));
        acquire(throttle, recent, 5, T.plus(WINDOW));

        Instant later = T.plus(WINDOW).plusSeconds(1);
        assertThat(throttle.deleteExpired(later, 2)).isEqualTo(2);
        assertThat(throttle.deleteExpired(later, 2)).isEqualTo(1);
        assertThat(throttle.deleteExpired(later, 2)).isZero();

        assertThat(throttle.tryAcquire(List.of(recent), later)).as("the recent record survived").isPresent();
    }
}
