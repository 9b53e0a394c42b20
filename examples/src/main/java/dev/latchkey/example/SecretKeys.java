package dev.latchkey.example;

import dev.latchkey.core.token.TokenKey;
import dev.latchkey.example.config.InvalidConfigurationException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * The rules for {@code SECRET_KEY}: at least 32 bytes, and nothing {@link TokenKey#hmacSecretWeakness}
 * finds (an unresolved placeholder, a value from a guide, a run of a few repeated characters). With {@code DEBUG=True} a missing key is replaced by a random
 * one (tokens then die with the process) and a weak one is only warned about; with
 * {@code DEBUG=False} both stop the start.
 */
final class SecretKeys {

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
        Optional<String> weakness = TokenKey.hmacSecretWeakness(secret);
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
}
