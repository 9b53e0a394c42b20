package dev.latchkey.core.internal;

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
 * (standard bcrypt, so hashes from the replaced backend verify); a longer one is first reduced to
 * the base64 of its SHA-384 (64 ASCII characters), so that no two passwords share a hash because
 * their first 72 bytes agree. bcrypt runs in strict mode: nothing is ever truncated silently.
 */
public final class PasswordHasher {

    private static final int BCRYPT_MAX_BYTES = 72;
    private static final Pattern COST = Pattern.compile("^\\$2[aby]\\$(\\d{2})\\$.{53}$");

    private final int cost;
    private final BCrypt.Hasher hasher;
    private final BCrypt.Verifyer verifier;
    private final String dummyHash;

    /** A hasher at a cost factor, salting from {@code random}. */
    public PasswordHasher(int cost, SecureRandom random) {
        this.cost = cost;
        this.hasher = BCrypt.with(BCrypt.Version.VERSION_2B, random, LongPasswordStrategies.strict(BCrypt.Version.VERSION_2B));
        this.verifier = BCrypt.verifyer(BCrypt.Version.VERSION_2B, LongPasswordStrategies.strict(BCrypt.Version.VERSION_2B));
        // Made now, not on the first unknown email: that login would otherwise pay for two bcrypt runs.
        byte[] noPassword = new byte[32];
        random.nextBytes(noPassword);
        this.dummyHash = hash(java.util.Base64.getEncoder().encodeToString(noPassword));
    }

    /** A new salted hash of the password. */
    public String hash(String password) {
        byte[] input = bcryptInput(password);
        try {
            return new String(hasher.hash(cost, input), StandardCharsets.US_ASCII);
        } finally {
            Arrays.fill(input, (byte) 0);
        }
    }

    /** Whether the password matches the hash; false, never an exception, for a malformed hash. */
    public boolean verify(String password, String hash) {
        if (password == null || hash == null) {
            return false;
        }
        byte[] input = bcryptInput(password);
        try {
            return verifier.verify(input, hash.getBytes(StandardCharsets.US_ASCII)).verified;
        } catch (RuntimeException e) {
            return false;
        } finally {
            Arrays.fill(input, (byte) 0);
        }
    }

    /**
     * Does the work of {@link #verify} against a hash of the configured cost that matches no
     * password, so that a login for an unknown email takes as long as a wrong password.
     */
    public void verifyDummy(String password) {
        verify(password == null ? "" : password, dummyHash);
    }

    /** Whether a hash that verified should be replaced: its cost is lower than configured. */
    public boolean needsRehash(String hash) {
        Matcher m = COST.matcher(hash);
        return m.matches() && Integer.parseInt(m.group(1)) < cost;
    }

    /** The configured cost factor. */
    public int cost() {
        return cost;
    }

    private static byte[] bcryptInput(String password) {
        byte[] utf8 = password.getBytes(StandardCharsets.UTF_8);
        if (utf8.length <= BCRYPT_MAX_BYTES) {
            return utf8;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-384").digest(utf8);
            Arrays.fill(utf8, (byte) 0);
            return Base64.getEncoder().encode(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform has SHA-384", e);
        }
    }
}
