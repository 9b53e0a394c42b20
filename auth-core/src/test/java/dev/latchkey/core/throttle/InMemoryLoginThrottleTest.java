package dev.latchkey.core.throttle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class InMemoryLoginThrottleTest {

    private static final Instant T = Instant.parse("2026-11-24T10:00:00Z");
    private static final Duration WINDOW = Duration.ofMinutes(15);
    private final InMemoryLoginThrottle throttle =
            new InMemoryLoginThrottle(new ThrottlePolicy(5, WINDOW), new ThrottlePolicy(20, WINDOW));

    private void fail(String account, String ip, int times, Instant at) {
        for (int i = 0; i < times; i++) {
            throttle.recordFailure(account, ip, at);
        }
    }

    @Test
    void fourFailuresAreAllowedAndTheFifthClosesTheAccountUntilTheWindowPasses() {
        fail("a@example.com", "198.51.100.1", 4, T);
        assertThat(throttle.retryAfter("a@example.com", "198.51.100.1", T)).isEmpty();

        throttle.recordFailure("a@example.com", "198.51.100.1", T.plusSeconds(60));
        // Refused until the oldest of the five failures leaves the window.
        assertThat(throttle.retryAfter("a@example.com", "198.51.100.2", T.plusSeconds(60)))
                .contains(WINDOW.minusSeconds(60));
        assertThat(throttle.retryAfter("a@example.com", "198.51.100.2", T.plus(WINDOW).minusSeconds(1)))
                .contains(Duration.ofSeconds(1));
        assertThat(throttle.retryAfter("a@example.com", "198.51.100.2", T.plus(WINDOW))).isEmpty();
    }

    @Test
    void otherAccountsAreNotAffected() {
        fail("a@example.com", "198.51.100.1", 5, T);
        assertThat(throttle.retryAfter("b@example.com", "198.51.100.9", T)).isEmpty();
    }

    @Test
    void anAddressIsClosedAfterItsOwnLimitAcrossAccounts() {
        for (int i = 0; i < 20; i++) {
            throttle.recordFailure("user" + i + "@example.com", "198.51.100.66", T);
        }
        assertThat(throttle.retryAfter("fresh@example.com", "198.51.100.66", T)).contains(WINDOW);
        assertThat(throttle.retryAfter("fresh@example.com", "198.51.100.67", T)).isEmpty();
    }

    @Test
    void aSuccessClearsTheAccountsFailuresButNotTheAddresss() {
        fail("a@example.com", "198.51.100.1", 4, T);
        throttle.recordSuccess("a@example.com", "198.51.100.1", T);
        fail("a@example.com", "198.51.100.1", 4, T);

        assertThat(throttle.retryAfter("a@example.com", "198.51.100.1", T)).isEmpty();
    }

    @Test
    void failuresOutsideTheWindowNoLongerCount() {
        fail("a@example.com", "198.51.100.1", 4, T);
        throttle.recordFailure("a@example.com", "198.51.100.1", T.plus(WINDOW).plusSeconds(1));
        assertThat(throttle.retryAfter("a@example.com", "198.51.100.1", T.plus(WINDOW).plusSeconds(1))).isEmpty();
    }

    @Test
    void theLongerOfTheTwoWaitsIsReported() {
        for (int i = 0; i < 20; i++) {
            throttle.recordFailure("x" + i + "@example.com", "198.51.100.5", T);
        }
        fail("a@example.com", "198.51.100.5", 5, T.plusSeconds(300));
        assertThat(throttle.retryAfter("a@example.com", "198.51.100.5", T.plusSeconds(300))).contains(WINDOW);
    }

    @Test
    void memoryFollowsOnlyTheKeysThatFailedRecently() {
        for (int i = 0; i < 5000; i++) {
            throttle.recordFailure("user" + i + "@example.com", "198.51.100." + (i % 200), T);
        }
        assertThat(throttle.trackedKeys()).isGreaterThan(5000);

        Instant later = T.plus(WINDOW).plusSeconds(1);
        for (int i = 0; i < 4096; i++) {
            throttle.recordFailure("late@example.com", "203.0.113.9", later);
        }

        assertThat(throttle.trackedKeys()).as("old failures swept, only the recent keys kept").isEqualTo(2);
    }

    @Test
    void policiesRefuseNonsense() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ThrottlePolicy(0, WINDOW))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxFailures");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ThrottlePolicy(5, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("window");
    }
}
