package dev.latchkey.core.onetime;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The SHA-256 hash of a single-use token, which is all that storage ever sees of it: a copy of the
 * database yields no usable link. A plain hash is enough because the token carries 256 random bits.
 *
 * @param value the hash as 43 characters of unpadded base64url
 */
public record OneTimeTokenHash(String value) {

    private static final Pattern FORM = Pattern.compile("[A-Za-z0-9_-]{43}");

    /** Checks the form. */
    public OneTimeTokenHash {
        Objects.requireNonNull(value, "value");
        if (!FORM.matcher(value).matches()) {
            throw new IllegalArgumentException("A one-time token hash is 43 base64url characters");
        }
    }

    /** The hash of a token. */
    public static OneTimeTokenHash of(String token) {
        Objects.requireNonNull(token, "token");
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return new OneTimeTokenHash(Base64.getUrlEncoder().withoutPadding().encodeToString(digest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform has SHA-256", e);
        }
    }

    /** Redacted: hashes have no business in logs. */
    @Override
    public String toString() {
        return "OneTimeTokenHash[" + value.substring(0, 6) + "…]";
    }
}
