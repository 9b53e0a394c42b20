package dev.latchkey.core.throttle;

import java.time.Duration;
import java.util.Objects;

/**
 * How many attempts one key may have on record within a sliding window; the next one is refused
 * until the oldest leaves the window.
 *
 * @param maxAttempts attempts allowed within the window
 * @param window the length of the sliding window
 */
public record ThrottlePolicy(int maxAttempts, Duration window) {

    /** Checks both are positive. */
    public ThrottlePolicy {
        Objects.requireNonNull(window, "window");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive, was " + window);
        }
    }
}
