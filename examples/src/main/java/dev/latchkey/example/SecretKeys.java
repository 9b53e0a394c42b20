package dev.latchkey.example;

import dev.latchkey.core.token.TokenKey;
import dev.latchkey.example.config.InvalidConfigurationException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The rules for {@code SECRET_KEY}: at least 32 bytes, not a placeholder from a guide, not a
 * run of a few repeated characters. With {@code DEBUG=True} a missing key is replaced by a random
 * one (tokens then die with the process) and a weak one is only warned about; with
 * {@code DEBUG=False} both stop the start.
 */
final class SecretKeys {

    private static final Set<String> PLACEHOLDERS = Set.of("your-strong-secret-key-change-this", "change-me",
            "changeme", "secret", "your-secret-key", "secret-key", "please-change-me");

    /** What to start with, and what to warn about. */
    record Choice(String secret, Optional<String> warning) {
    }

    private SecretKeys() {
    }

    static Choice choose(Optional<String> configured, boolean debug, SecureRandom random) {
        if (configured.isEmpty()) {
            if (!debug) {
                throw new InvalidConfigurationException("SECRET_KEY is not set. Set it to a random value of at least "
                        + TokenKey.MIN_HMAC_SECRET_BYTES + " bytes (for example: openssl rand -base64 48), or set "
                        + "DEBUG=True to start with a throw-away key.");
            }
            byte[] bytes = new byte[48];
            random.nextBytes(bytes);
            return new Choice(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes), Optional.of(
                    "SECRET_KEY is not set: using a random key for this run (DEBUG=True); tokens stop working when "
                            + "the service restarts."));
        }
        String secret = configured.get();
        int bytes = secret.getBytes(StandardCharsets.UTF_8).length;
        if (bytes < TokenKey.MIN_HMAC_SECRET_BYTES) {
            throw new InvalidConfigurationException("SECRET_KEY is too short: " + bytes + " bytes; HS256 needs at least "
                    + TokenKey.MIN_HMAC_SECRET_BYTES + " (for example: openssl rand -base64 48).");
        }
        Optional<String> weakness = weakness(secret);
        if (weakness.isPresent()) {
            if (!debug) {
                throw new InvalidConfigurationException("SECRET_KEY is weak: " + weakness.get()
                        + ". Use a random value (for example: openssl rand -base64 48).");
            }
            return new Choice(secret, Optional.of("SECRET_KEY is weak (" + weakness.get()
                    + "); acceptable only because DEBUG=True."));
        }
        return new Choice(secret, Optional.empty());
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

    private static Optional<String> weakness(String secret) {
        if (looksLikePlaceholder(secret)) {
            return Optional.of("it is a placeholder from documentation");
        }
        if (secret.chars().distinct().count() < 8) {
            return Optional.of("it repeats fewer than 8 distinct characters");
        }
        return Optional.empty();
    }
}
