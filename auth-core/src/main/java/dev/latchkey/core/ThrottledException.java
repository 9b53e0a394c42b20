package dev.latchkey.core;

import java.time.Duration;
import java.util.Objects;

/**
 * Too many attempts: failed password checks for an account or from an address, or registrations
 * from an address or all at once. Try again after {@link #retryAfter()}.
 */
public final class ThrottledException extends LatchkeyException {

    private static final long serialVersionUID = 1L;

    /** The message of a throttled login or password check. */
    public static final String LOGIN_MESSAGE = "Too many failed login attempts; try again later";
    /** The message of a registration refused because its address registered too often. */
    public static final String REGISTRATION_MESSAGE = "Too many registrations from this address; try again later";
    /** The message of a password reset or a link refused because of too many for an account or an address. */
    public static final String RECOVERY_MESSAGE = "Too many requests for this account or from this address; try again later";
    /** The message of a registration refused because too many were being hashed at once. */
    public static final String BUSY_MESSAGE = "Too many registrations at once; try again in a few seconds";

    private final Duration retryAfter;

    /** Creates the exception; the wait is rounded up to whole seconds and is at least one. */
    public ThrottledException(String message, Duration retryAfter) {
        super(Objects.requireNonNull(message, "message"));
        Objects.requireNonNull(retryAfter, "retryAfter");
        long seconds = retryAfter.getSeconds() + (retryAfter.getNano() > 0 ? 1 : 0);
        this.retryAfter = Duration.ofSeconds(Math.max(1, seconds));
    }

    /** How long to wait before the next attempt, in whole seconds. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
