package dev.latchkey.core.throttle;

import java.util.Objects;

/**
 * One counter an attempt counts against, and the policy that bounds it. Latchkey makes the names
 * (for example one per account and client address, one per account, one per address); a
 * {@link LoginThrottle} only stores and counts.
 *
 * @param name the counter's name, at most {@value #MAX_NAME_LENGTH} characters
 * @param policy how many attempts the counter allows within its window
 */
public record ThrottleKey(String name, ThrottlePolicy policy) {

    /** The longest name. */
    public static final int MAX_NAME_LENGTH = 400;

    /** Checks the name and the policy. */
    public ThrottleKey {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(policy, "policy");
        if (name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("A throttle key's name has 1 to " + MAX_NAME_LENGTH
                    + " characters, had " + name.length());
        }
    }
}
