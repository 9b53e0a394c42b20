package dev.latchkey.core.session;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The SHA-256 hash of a refresh token, which is all that storage ever sees of it: a copy of the
 * database yields no usable token. A plain hash (no salt, no key) is enough because the token
 * carries 256 random bits; it also lets the store find a session by an index on the hash.
 *
 * @param value the hash as 43 characters of unpadded base64url
 */
public record RefreshTokenHash(String value) {

    private static final Pattern FORM = Pattern.compile("[A-Za-z0-9_-]{43}");

    /** Checks the form. */
    public RefreshTokenHash {
        Objects.requireNonNull(value, "value");
        if (!FORM.matcher(value).matches()) {
            throw new IllegalArgumentException("A refresh token hash is 43 base64url characters");
        }
    }

    /** The hash of a token. */
    public static RefreshTokenHash of(String token) {
        Objects.requireNonNull(token, "token");
        return fromBytes(sha256().digest(token.getBytes(StandardCharsets.UTF_8)));
    }

    /** A hash from its 32 raw bytes, for stores that keep it as binary. */
    public static RefreshTokenHash fromBytes(byte[] bytes) {
        if (bytes.length != 32) {
            throw new IllegalArgumentException("A SHA-256 hash has 32 bytes, not " + bytes.length);
        }
        return new RefreshTokenHash(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    /** The 32 raw bytes of the hash. */
    public byte[] toBytes() {
        return Base64.getUrlDecoder().decode(value);
    }

    /** Redacted: hashes have no business in logs. */
    @Override
    public String toString() {
        return "RefreshTokenHash[" + value.substring(0, 6) + "…]";
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform has SHA-256", e);
        }
    }
}
