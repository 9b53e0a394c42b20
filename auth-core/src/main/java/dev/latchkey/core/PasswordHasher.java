package dev.latchkey.core;

import at.favre.lib.crypto.bcrypt.BCrypt;
import at.favre.lib.crypto.bcrypt.LongPasswordStrategies;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * bcrypt password hashing (at.favre.lib). Hashes are {@code $2b$}, as Python's bcrypt writes them;
 * {@code $2a$}, {@code $2b$} and {@code $2y$} hashes all verify.
 *
 * <p>bcrypt reads at most 72 bytes. A password of up to 72 UTF-8 bytes is hashed as it is
 * (standard bcrypt, so hashes from the replaced backend verify). A longer one is first reduced to
 * the byte 0xFF followed by the base64 of its SHA-384: 65 bytes that no typed password can be,
 * because 0xFF never occurs in UTF-8. So no two passwords share a hash because their first 72
 * bytes agree, and the reduced form is not itself a second password. bcrypt runs in strict mode:
 * nothing is ever truncated silently.
 *
 * <p>Before that domain separation, long passwords were reduced to the bare base64 digest. Such
 * hashes still verify, cost one more bcrypt run, and are reported as {@link Check#MATCH_OUTDATED}
 * so that the login replaces them.
 *
 * <p>Hashes of users imported from another system verify too, and always as
 * {@link Check#MATCH_OUTDATED}: passlib's and Django's PBKDF2-SHA256 and Argon2id/Argon2i (see
 * {@link LegacyHash}), whatever the user's legacy flag says; and bcrypt as that system checked it
 * when the flag is set (see {@link #check(String, String, boolean)}).
 */
final class PasswordHasher {

    /** What checking a password against a hash found. */
    enum Check {
        /** The password does not match (or the hash is malformed). */
        NO_MATCH,
        /** The password matches a current hash. */
        MATCH,
        /**
         * The password matches, but the hash should be replaced: lower cost, an older long-password
         * form, or a hash another system wrote.
         */
        MATCH_OUTDATED;

        /** Whether the password matched. */
        boolean matched() {
            return this != NO_MATCH;
        }
    }

    private static final int BCRYPT_MAX_BYTES = 72;
    private static final byte NOT_UTF8 = (byte) 0xFF;
    private static final Pattern COST = Pattern.compile("^\\$2[aby]\\$(\\d{2})\\$.{53}$");

    private final int cost;
    private final BCrypt.Hasher hasher;
    private final BCrypt.Verifyer verifier;
    private final String dummyHash;

    /** A hasher at a cost factor, salting from {@code random}. */
    PasswordHasher(int cost, SecureRandom random) {
        this.cost = cost;
        this.hasher = BCrypt.with(BCrypt.Version.VERSION_2B, random, LongPasswordStrategies.strict(BCrypt.Version.VERSION_2B));
        this.verifier = BCrypt.verifyer(BCrypt.Version.VERSION_2B, LongPasswordStrategies.strict(BCrypt.Version.VERSION_2B));
        // Made now, not on the first unknown email: that login would otherwise pay for two bcrypt runs.
        byte[] noPassword = new byte[32];
        random.nextBytes(noPassword);
        this.dummyHash = hash(Base64.getEncoder().encodeToString(noPassword));
    }

    /** A new salted hash of the password. */
    String hash(String password) {
        byte[] input = bcryptInput(password, true);
        try {
            return new String(hasher.hash(cost, input), StandardCharsets.US_ASCII);
        } finally {
            Arrays.fill(input, (byte) 0);
        }
    }

    /**
     * Checks the password against the hash of a user who registered in Latchkey (or whose
     * imported hash was replaced already); see {@link #check(String, String, boolean)}.
     */
    Check check(String password, String hash) {
        return check(password, hash, false);
    }

    /**
     * Checks the password against the hash; {@link Check#NO_MATCH}, never an exception, for a
     * malformed or unknown hash. For a bcrypt hash, the work depends only on the password's length,
     * not on whether it matches, so {@link #checkDummy} can match it.
     *
     * <p>{@code legacyPassword} says the hash was written by the system the user was imported
     * from. That system's bcrypt (Python's bcrypt before 5.0, passlib) silently used only the first
     * 72 bytes of a longer password, so for such a user a bcrypt hash is checked against those 72
     * bytes, and a match is outdated whatever its cost. A password of at most 72 bytes is checked
     * exactly as for any user. Without the flag a long password is never cut: Latchkey's own rule
     * applies. The flag changes nothing for the other legacy schemes, which have no such limit.
     */
    Check check(String password, String hash, boolean legacyPassword) {
        if (password == null || hash == null) {
            return Check.NO_MATCH;
        }
        if (LegacyHash.claims(hash)) {
            return LegacyHash.parse(hash).filter(h -> h.matches(password)).isPresent()
                    ? Check.MATCH_OUTDATED : Check.NO_MATCH;
        }
        if (costsTooMuch(hash)) {
            LegacyHash.LOG.log(System.Logger.Level.WARNING, "A stored bcrypt password hash matches no password: its"
                    + " cost is above " + Math.max(cost, PasswordHashes.MAX_IMPORTED_BCRYPT_COST)
                    + ", more than a login may spend");
            return Check.NO_MATCH;
        }
        if (legacyPassword) {
            return verify(firstBcryptBytes(password), hash) ? Check.MATCH_OUTDATED : Check.NO_MATCH;
        }
        boolean current = verify(bcryptInput(password, true), hash);
        if (current) {
            return needsRehash(hash) ? Check.MATCH_OUTDATED : Check.MATCH;
        }
        if (isLong(password)) {
            // The reduced form written before domain separation.
            return verify(bcryptInput(password, false), hash) ? Check.MATCH_OUTDATED : Check.NO_MATCH;
        }
        return Check.NO_MATCH;
    }

    /** Whether the password matches the hash, in any form Latchkey has written. */
    boolean verify(String password, String hash) {
        return check(password, hash).matched();
    }

    /** Whether the password matches the hash; see {@link #check(String, String, boolean)}. */
    boolean verify(String password, String hash, boolean legacyPassword) {
        return check(password, hash, legacyPassword).matched();
    }

    /**
     * Does the work of {@link #check} against a hash of the configured cost that matches no
     * password, so that a login for an unknown email takes as long as a wrong password.
     */
    void checkDummy(String password) {
        check(password == null ? "" : password, dummyHash);
    }

    /** The configured cost factor. */
    int cost() {
        return cost;
    }

    private boolean verify(byte[] input, String hash) {
        try {
            return verifier.verify(input, hash.getBytes(StandardCharsets.US_ASCII)).verified;
        } catch (RuntimeException e) {
            return false;
        } finally {
            Arrays.fill(input, (byte) 0);
        }
    }

    /**
     * Whether a bcrypt hash asks for more rounds than a login may spend: above the configured cost
     * and above what an import may bring ({@link PasswordHashes#MAX_IMPORTED_BCRYPT_COST}).
     */
    private boolean costsTooMuch(String hash) {
        Matcher m = COST.matcher(hash);
        return m.matches() && Integer.parseInt(m.group(1)) > Math.max(cost, PasswordHashes.MAX_IMPORTED_BCRYPT_COST);
    }

    private boolean needsRehash(String hash) {
        Matcher m = COST.matcher(hash);
        return m.matches() && Integer.parseInt(m.group(1)) < cost;
    }

    private static boolean isLong(String password) {
        return password.getBytes(StandardCharsets.UTF_8).length > BCRYPT_MAX_BYTES;
    }

    /** What a bcrypt that cuts silently reads of the password: its first 72 UTF-8 bytes, even mid-character. */
    private static byte[] firstBcryptBytes(String password) {
        byte[] utf8 = password.getBytes(StandardCharsets.UTF_8);
        if (utf8.length <= BCRYPT_MAX_BYTES) {
            return utf8;
        }
        byte[] first = Arrays.copyOf(utf8, BCRYPT_MAX_BYTES);
        Arrays.fill(utf8, (byte) 0);
        return first;
    }

    private static byte[] bcryptInput(String password, boolean separated) {
        byte[] utf8 = password.getBytes(StandardCharsets.UTF_8);
        if (utf8.length <= BCRYPT_MAX_BYTES) {
            return utf8;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-384").digest(utf8);
            Arrays.fill(utf8, (byte) 0);
            byte[] encoded = Base64.getEncoder().encode(digest);
            if (!separated) {
                return encoded;
            }
            byte[] input = new byte[encoded.length + 1];
            input[0] = NOT_UTF8;
            System.arraycopy(encoded, 0, input, 1, encoded.length);
            Arrays.fill(encoded, (byte) 0);
            return input;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform has SHA-384", e);
        }
    }
}
