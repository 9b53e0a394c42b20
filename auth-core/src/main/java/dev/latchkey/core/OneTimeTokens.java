package dev.latchkey.core;

import dev.latchkey.core.onetime.OneTimeTokenHash;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/** Makes the tokens of reset and verification links: 32 random bytes, base64url without padding. */
final class OneTimeTokens {

    private static final int TOKEN_BYTES = 32;
    private static final Pattern FORM = Pattern.compile("[A-Za-z0-9_-]{43}");

    private final SecureRandom random;

    OneTimeTokens(SecureRandom random) {
        this.random = random;
    }

    /** A new token. */
    String generate() {
        byte[] bytes = new byte[TOKEN_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Whether a presented string has the form of a token (anything else is refused unlooked-up). */
    static boolean isWellFormed(String token) {
        return token != null && FORM.matcher(token).matches();
    }

    /** The hash a presented, well-formed token is stored under. */
    static OneTimeTokenHash hash(String token) {
        return OneTimeTokenHash.of(token);
    }
}
