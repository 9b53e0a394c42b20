package dev.latchkey.core;

import java.time.Duration;
import java.util.Objects;

/** Too many failed logins for an account or from an address: try again after {@link #retryAfter()}. */
public final class LoginThrottledException extends LatchkeyException {

    private static final long serialVersionUID = 1L;

    private final Duration retryAfter;

    /** Creates the exception; the wait is rounded up to whole seconds and is at least one. */
    public LoginThrottledException(Duration retryAfter) {
        super("Too many failed login attempts; try again later");
        Objects.requireNonNull(retryAfter, "retryAfter");
        long seconds = retryAfter.getSeconds() + (retryAfter.getNano() > 0 ? 1 : 0);
        this.retryAfter = Duration.ofSeconds(Math.max(1, seconds));
    }

    /** How long to wait before the next attempt, in whole seconds. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
