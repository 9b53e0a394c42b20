package dev.latchkey.core.throttle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.latchkey.core.contract.LoginThrottleContract;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class InMemoryLoginThrottleTest extends LoginThrottleContract {

    private InMemoryLoginThrottle current;

    @Override
    protected LoginThrottle createThrottle() {
        current = new InMemoryLoginThrottle();
        return current;
    }

    @Override
    protected LoginThrottle sameStoreOtherNode() {
        // One process's memory: the only "other node" on the same store is the same throttle.
        return current;
    }

    @Test
    void keysWhoseAttemptsLeftTheWindowAreForgottenAsAcquisitionsGoOn() {
        ThrottlePolicy policy = new ThrottlePolicy(5, Duration.ofMinutes(15));
        for (int i = 0; i < 5000; i++) {
            current.tryAcquire(List.of(new ThrottleKey("login:address:198.51.100." + i, policy)), T);
        }
        assertThat(current.trackedKeys()).isEqualTo(5000);

        for (int i = 0; i < 4096; i++) {
            current.tryAcquire(List.of(new ThrottleKey("late", new ThrottlePolicy(10_000, Duration.ofMinutes(15)))),
                    T.plus(Duration.ofMinutes(16)));
        }

        assertThat(current.trackedKeys()).as("old keys swept, only the recent one kept").isEqualTo(1);
    }

    @Test
    void aPolicyAllowsAtLeastOneAttemptInAPositiveWindow() {
        assertThatThrownBy(() -> new ThrottlePolicy(0, Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxAttempts");
        assertThatThrownBy(() -> new ThrottlePolicy(5, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("window");
    }
}
