package dev.latchkey.spring;

import dev.latchkey.core.token.TokenKey;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * The rules for {@code latchkey.secret-key}, those of the example service with {@code DEBUG} off:
 * at least 32 bytes, not a placeholder (neither one from a guide nor a {@code ${…}} left unresolved),
 * not a run of a few repeated characters.
 */
final class SecretKeyRules {

    static final String PROPERTY = "latchkey.secret-key";

    private static final Set<String> PLACEHOLDERS = Set.of("your-strong-secret-key-change-this", "change-me",
            "changeme", "secret", "your-secret-key", "secret-key", "please-change-me");

    private SecretKeyRules() {
    }

    /**
     * A value from documentation: one of the known ones, or words that tell a reader to replace it
     * ("change me", "change this", "change in production", "replace me", "your secret ..."), in any
     * case and with any separators.
     */
    static boolean looksLikePlaceholder(String secret) {
        String lower = secret.strip().toLowerCase(Locale.ROOT);
        String words = lower.replaceAll("[^a-z0-9]", "");
        return PLACEHOLDERS.contains(lower) || words.contains("changeme") || words.contains("changethis")
                || words.contains("changeinproduction") || words.contains("replaceme") || words.startsWith("yoursecret")
                || words.startsWith("yourstrong");
    }

    /**
     * The key, when it may sign tokens.
     *
     * @throws InvalidSecretKeyException saying what is wrong with it, never the value itself
     */
    static String check(String secret) {
        if (secret == null || secret.isBlank()) {
            throw new InvalidSecretKeyException(PROPERTY + " is not set.");
        }
        if (secret.contains("${")) {
            throw new InvalidSecretKeyException(PROPERTY + " holds an unresolved placeholder (the variable it names"
                    + " is not set).");
        }
        int bytes = secret.getBytes(StandardCharsets.UTF_8).length;
        if (bytes < TokenKey.MIN_HMAC_SECRET_BYTES) {
            throw new InvalidSecretKeyException(PROPERTY + " is too short: " + bytes + " bytes; HS256 needs at least "
                    + TokenKey.MIN_HMAC_SECRET_BYTES + ".");
        }
        if (looksLikePlaceholder(secret)) {
            throw new InvalidSecretKeyException(PROPERTY + " is weak: it is a placeholder from documentation.");
        }
        if (secret.chars().distinct().count() < 8) {
            throw new InvalidSecretKeyException(PROPERTY + " is weak: it repeats fewer than 8 distinct characters.");
        }
        return secret;
    }
}
