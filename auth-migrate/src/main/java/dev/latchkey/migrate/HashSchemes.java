package dev.latchkey.migrate;

import dev.latchkey.core.PasswordHashes;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names the scheme of a legacy password hash that Latchkey cannot verify, for the reject file.
 * Whether a hash can be verified is auth-core's rule ({@link PasswordHashes#verifiable}); this
 * class only describes the others, by their form and never by their content.
 */
final class HashSchemes {

    private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]+");
    private static final Pattern DOLLAR_PREFIX = Pattern.compile("^(\\$[A-Za-z0-9_.+-]{1,24}\\$)");
    private static final Pattern WORD_PREFIX = Pattern.compile("^([A-Za-z][A-Za-z0-9_+-]{0,31}\\$)");

    private HashSchemes() {
    }

    /** Why the hash cannot be kept, or empty when Latchkey verifies it. */
    static Optional<String> unsupported(String hash) {
        if (PasswordHashes.verifiable(hash)) {
            return Optional.empty();
        }
        return Optional.of(describe(hash));
    }

    private static String describe(String hash) {
        if (HEX.matcher(hash).matches()) {
            return switch (hash.length()) {
                case 32 -> "hex MD5 digest";
                case 40 -> "hex SHA-1 digest";
                case 64 -> "hex SHA-256 digest";
                case 128 -> "hex SHA-512 digest";
                default -> "hex digest of " + hash.length() + " digits";
            };
        }
        if (hash.startsWith("$2a$") || hash.startsWith("$2b$") || hash.startsWith("$2y$")) {
            return "malformed bcrypt " + hash.substring(0, 4) + " hash, or one of a cost above "
                    + PasswordHashes.MAX_IMPORTED_BCRYPT_COST;
        }
        if (hash.startsWith("$pbkdf2-sha256$")) {
            return "malformed passlib $pbkdf2-sha256$ hash, or one beyond the bounds Latchkey verifies";
        }
        if (hash.startsWith("pbkdf2_sha256$")) {
            return "malformed Django pbkdf2_sha256$ hash, or one beyond the bounds Latchkey verifies";
        }
        if (hash.startsWith("$argon2id$") || hash.startsWith("$argon2i$")) {
            return "malformed " + hash.substring(0, hash.indexOf('$', 1) + 1)
                    + " hash, or one beyond the bounds Latchkey verifies";
        }
        Matcher dollar = DOLLAR_PREFIX.matcher(hash);
        if (dollar.find()) {
            return "unknown prefix " + dollar.group(1);
        }
        Matcher word = WORD_PREFIX.matcher(hash);
        if (word.find()) {
            return "unknown prefix " + word.group(1);
        }
        return "unknown scheme (" + hash.length() + " characters)";
    }
}
