package dev.latchkey.core.throttle;

import java.time.Duration;
import java.util.Objects;

/**
 * How many failed logins are allowed within a sliding window before further attempts are refused.
 *
 * @param maxFailures failures allowed within the window; the next attempt is refused
 * @param window the length of the sliding window
 */
public record ThrottlePolicy(int maxFailures, Duration window) {

    /** Checks both are positive. */
    public ThrottlePolicy {
        Objects.requireNonNull(window, "window");
        if (maxFailures < 1) {
            throw new IllegalArgumentException("maxFailures must be at least 1, was " + maxFailures);
        }
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive, was " + window);
        }
    }
}
