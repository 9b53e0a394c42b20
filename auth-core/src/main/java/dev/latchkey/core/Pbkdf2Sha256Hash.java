package dev.latchkey.core;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * A PBKDF2-HMAC-SHA256 hash (RFC 8018) in one of the two forms Python backends write:
 *
 * <ul>
 *   <li>passlib's {@code $pbkdf2-sha256$<rounds>$<salt>$<checksum>}: salt and checksum in passlib's
 *       "adapted base64" (the standard alphabet with {@code .} for {@code +}, no padding), the salt
 *       used as the bytes it decodes to;
 *   <li>Django's {@code pbkdf2_sha256$<iterations>$<salt>$<hash>}: the salt used as its UTF-8 text,
 *       the hash in standard padded base64.
 * </ul>
 *
 * <p>Both derive 32 bytes from the password's UTF-8 bytes; salts are at most 64 bytes (passlib) or
 * 128 characters (Django). A login spends at most
 * {@value #MAX_ITERATIONS} iterations (Django's default is 1,200,000 in 6.0, passlib's 29,000); a
 * hash asking for more matches nothing.
 */
final class Pbkdf2Sha256Hash implements LegacyHash {

    static final String PASSLIB_PREFIX = "$pbkdf2-sha256$";
    static final String DJANGO_PREFIX = "pbkdf2_sha256$";
    /** The most iterations a stored hash may ask for. */
    static final int MAX_ITERATIONS = 2_000_000;

    private static final int HASH_BYTES = 32;
    // Salts of at most 64 bytes (passlib writes 16) and 128 characters (Django writes 22): every
    // hash this accepts fits the 255 characters a store must keep.
    private static final Pattern PASSLIB = Pattern.compile(
            "\\$pbkdf2-sha256\\$(\\d{1,10})\\$([A-Za-z0-9./]{2,86})\\$([A-Za-z0-9./]{43})");
    private static final Pattern DJANGO = Pattern.compile(
            "pbkdf2_sha256\\$(\\d{1,10})\\$([^$]{1,128})\\$([A-Za-z0-9+/]{43}=)");

    private final String scheme;
    private final int iterations;
    private final byte[] salt;
    private final byte[] expected;

    private Pbkdf2Sha256Hash(String scheme, int iterations, byte[] salt, byte[] expected) {
        this.scheme = scheme;
        this.iterations = iterations;
        this.salt = salt;
        this.expected = expected;
    }

    static Optional<Pbkdf2Sha256Hash> parsePasslib(String stored) {
        String scheme = "passlib pbkdf2-sha256";
        Matcher m = PASSLIB.matcher(stored);
        if (!m.matches()) {
            return LegacyHash.refuse(scheme, "not of the form $pbkdf2-sha256$<rounds>$<salt>$<checksum>");
        }
        try {
            return of(scheme, m.group(1), adaptedBase64(m.group(2)), adaptedBase64(m.group(3)));
        } catch (IllegalArgumentException e) {
            return LegacyHash.refuse(scheme, "salt or checksum is not adapted base64");
        }
    }

    static Optional<Pbkdf2Sha256Hash> parseDjango(String stored) {
        String scheme = "Django pbkdf2_sha256";
        Matcher m = DJANGO.matcher(stored);
        if (!m.matches()) {
            return LegacyHash.refuse(scheme, "not of the form pbkdf2_sha256$<iterations>$<salt>$<hash>");
        }
        try {
            return of(scheme, m.group(1), m.group(2).getBytes(StandardCharsets.UTF_8),
                    Base64.getDecoder().decode(m.group(3)));
        } catch (IllegalArgumentException e) {
            return LegacyHash.refuse(scheme, "hash is not base64");
        }
    }

    private static Optional<Pbkdf2Sha256Hash> of(String scheme, String iterationsText, byte[] salt, byte[] expected) {
        long iterations = Long.parseLong(iterationsText);
        if (iterations < 1 || iterations > MAX_ITERATIONS) {
            return LegacyHash.refuse(scheme, iterations + " iterations, outside 1 to " + MAX_ITERATIONS);
        }
        if (expected.length != HASH_BYTES) {
            return LegacyHash.refuse(scheme, "the hash has " + expected.length + " bytes, not " + HASH_BYTES);
        }
        return Optional.of(new Pbkdf2Sha256Hash(scheme, (int) iterations, salt, expected));
    }

    /** passlib's "adapted base64": {@code .} stands for {@code +}, and there is no padding. */
    private static byte[] adaptedBase64(String text) {
        return Base64.getDecoder().decode(text.replace('.', '+'));
    }

    @Override
    public boolean matches(String password) {
        char[] chars = password.toCharArray();
        // The JDK's PBKDF2 feeds HMAC the UTF-8 bytes of these characters, as passlib and Django do.
        PBEKeySpec spec = new PBEKeySpec(chars, salt, iterations, HASH_BYTES * 8);
        byte[] derived = null;
        try {
            derived = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
            return MessageDigest.isEqual(derived, expected);
        } catch (GeneralSecurityException | RuntimeException e) {
            LegacyHash.refuse(scheme, "PBKDF2 failed (" + e.getClass().getSimpleName() + ")");
            return false;
        } finally {
            spec.clearPassword();
            Arrays.fill(chars, '\0');
            if (derived != null) {
                Arrays.fill(derived, (byte) 0);
            }
        }
    }
}
