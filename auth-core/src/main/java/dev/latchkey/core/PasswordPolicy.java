package dev.latchkey.core;

import java.util.Optional;

/**
 * What a new password must be (OWASP ASVS 5.0 §6.2): 8 to 128 characters counted as Unicode code
 * points, in any script; no composition rules, no case folding, no truncation. Refused: the NUL
 * character (C implementations stop at it) and unpaired surrogates (they have no UTF-8 form and
 * would collide).
 */
final class PasswordPolicy {

    /** The fewest characters. */
    static final int MIN_LENGTH = 8;
    /** The most characters. */
    static final int MAX_LENGTH = 128;

    private PasswordPolicy() {
    }

    /** Why the password is refused, if it is. */
    static Optional<String> problem(String password) {
        if (password == null || password.isEmpty()) {
            return Optional.of("Password is required");
        }
        for (int i = 0; i < password.length(); i++) {
            char c = password.charAt(i);
            if (c == '\0') {
                return Optional.of("Password must not contain the NUL character");
            }
            if (Character.isHighSurrogate(c) && i + 1 < password.length()
                    && Character.isLowSurrogate(password.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return Optional.of("Password contains an invalid character");
            }
        }
        int length = password.codePointCount(0, password.length());
        if (length < MIN_LENGTH || length > MAX_LENGTH) {
            return Optional.of("Password must be " + MIN_LENGTH + " to " + MAX_LENGTH + " characters long");
        }
        return Optional.empty();
    }
}
