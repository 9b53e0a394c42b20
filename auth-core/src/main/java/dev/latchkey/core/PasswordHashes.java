package dev.latchkey.core;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which stored password hashes Latchkey can check passwords against. Latchkey writes bcrypt
 * ({@code $2b$}); it also verifies {@code $2a$} and {@code $2y$} bcrypt, and the hashes other
 * systems wrote that users may be imported with: passlib's {@code $pbkdf2-sha256$}, Django's
 * {@code pbkdf2_sha256$}, and {@code $argon2id$} and {@code $argon2i$} PHC strings, each within
 * the bounds a login may spend on it. The first login with such a hash replaces it with
 * Latchkey's own.
 */
public final class PasswordHashes {

    // A complete bcrypt string: 22 characters of salt and 31 of hash in bcrypt's base64 alphabet.
    private static final Pattern BCRYPT = Pattern.compile("^\\$2[aby]\\$(\\d{2})\\$[./A-Za-z0-9]{53}$");

    /**
     * The highest bcrypt cost accepted from another system (2^16 rounds, some seconds a check): a
     * stored hash that asks for more than this and more than Latchkey's configured cost matches no
     * password, so that one login cannot keep a processor busy for hours.
     */
    public static final int MAX_IMPORTED_BCRYPT_COST = 16;

    private PasswordHashes() {
    }

    /**
     * Whether a stored hash is one Latchkey can check passwords against: a well-formed bcrypt
     * ({@code $2a$}, {@code $2b$}, {@code $2y$}, cost 4 to {@value #MAX_IMPORTED_BCRYPT_COST}) or one of the imported schemes
     * within its bounds. A user stored with any other hash can never log in: an import keeps only
     * hashes for which this is true. Never throws; false for null.
     */
    public static boolean verifiable(String hash) {
        if (hash == null) {
            return false;
        }
        if (LegacyHash.claims(hash)) {
            return LegacyHash.parse(hash).isPresent();
        }
        Matcher m = BCRYPT.matcher(hash);
        if (!m.matches()) {
            return false;
        }
        int cost = Integer.parseInt(m.group(1));
        return cost >= 4 && cost <= MAX_IMPORTED_BCRYPT_COST;
    }
}
