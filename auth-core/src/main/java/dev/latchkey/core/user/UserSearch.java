package dev.latchkey.core.user;

import java.util.Locale;

/**
 * Which users an administrator lists.
 *
 * @param text matched case-insensitively anywhere in the email or the real name; null or blank for
 *     every user
 * @param role only users holding this role (a lower-case role name); null for any
 */
public record UserSearch(String text, String role) {

    /** Every user. */
    public static final UserSearch ALL = new UserSearch(null, null);

    /** Blank text means none; the text is kept in lower case. */
    public UserSearch {
        text = text == null || text.isBlank() ? null : text.strip().toLowerCase(Locale.ROOT);
    }

    /** Whether a user matches. */
    public boolean matches(User user) {
        return (text == null || user.email().toLowerCase(Locale.ROOT).contains(text)
                || user.realName().toLowerCase(Locale.ROOT).contains(text))
                && (role == null || user.roles().contains(role));
    }
}
