package dev.latchkey.core.user;

/**
 * What a new user submits, exactly as received; {@code Latchkey.register} validates it.
 *
 * @param realName the user's name, in any script
 * @param email the email address
 * @param phoneNumber the phone number, or null
 * @param password the password in clear (never shown by {@link #toString()})
 */
public record Registration(String realName, String email, String phoneNumber, String password) {

    /** The longest real name accepted, in characters (Unicode code points). */
    public static final int MAX_NAME_LENGTH = 100;

    /** Everything but the password. */
    @Override
    public String toString() {
        return "Registration[realName=" + realName + ", email=" + email + ", phoneNumber=" + phoneNumber + "]";
    }
}
