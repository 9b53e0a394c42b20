package dev.latchkey.spring;

import dev.latchkey.core.token.TokenKey;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The rules for {@code latchkey.secret-key}, those of the example service with {@code DEBUG} off:
 * at least 32 bytes, not a placeholder (neither one from a guide nor a {@code ${…}} left unresolved),
 * not a run of a few repeated characters.
 */
final class SecretKeyRules {

    static final String PROPERTY = "latchkey.secret-key";

    private SecretKeyRules() {
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
            // Before the length: an unresolved placeholder is usually long enough to pass it.
            throw new InvalidSecretKeyException(PROPERTY + " holds an unresolved placeholder (the variable it names"
                    + " is not set).");
        }
        int bytes = secret.getBytes(StandardCharsets.UTF_8).length;
        if (bytes < TokenKey.MIN_HMAC_SECRET_BYTES) {
            throw new InvalidSecretKeyException(PROPERTY + " is too short: " + bytes + " bytes; HS256 needs at least "
                    + TokenKey.MIN_HMAC_SECRET_BYTES + ".");
        }
        Optional<String> weakness = TokenKey.hmacSecretWeakness(secret);
        if (weakness.isPresent()) {
            throw new InvalidSecretKeyException(PROPERTY + " is weak: " + weakness.get() + ".");
        }
        return secret;
    }
}
