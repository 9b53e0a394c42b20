package dev.latchkey.core.onetime;

/** What a single-use token may be used for; a token of one purpose never passes for another. */
public enum TokenPurpose {
    /** Setting a new password without the old one (a "forgot password" mail). */
    PASSWORD_RESET,
    /** Proving that the user receives mail at the address they gave. */
    EMAIL_VERIFICATION
}
