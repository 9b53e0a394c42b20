package dev.latchkey.core.user;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The rules every email of a user follows, whichever way the user arrives (a registration, an
 * import): which emails Latchkey accepts, and the form they are compared in. A store that finds
 * users by email compares in that form.
 */
public final class Emails {

    /** The longest email (RFC 5321's path limit). */
    public static final int MAX_LENGTH = 254;

    // Practical address syntax: a dot-atom local part, and a domain of at least two labels.
    private static final Pattern EMAIL = Pattern.compile(
            "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
                    + "@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
    private static final int MAX_LOCAL_PART_LENGTH = 64;

    private Emails() {
    }

    /**
     * Why an email is not acceptable, if it is not: missing, longer than {@value #MAX_LENGTH}
     * characters, or not a dot-atom address with a domain of at least two labels and a local part
     * of at most 64 characters. The email is checked as given: trim it first if it came with
     * surrounding white space.
     *
     * @return a message for the user, or empty when the email is acceptable
     */
    public static Optional<String> problem(String email) {
        if (email == null || email.isEmpty()) {
            return Optional.of("Email is required");
        }
        if (email.length() > MAX_LENGTH) {
            return Optional.of("Email must be at most " + MAX_LENGTH + " characters long");
        }
        int at = email.lastIndexOf('@');
        if (!EMAIL.matcher(email).matches() || at > MAX_LOCAL_PART_LENGTH) {
            return Optional.of("Not a valid email address");
        }
        return Optional.empty();
    }

    /** The form emails are compared in: lower case, without surrounding white space; "" for null. */
    public static String normalise(String email) {
        return email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
    }
}
