package dev.latchkey.core;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Makes refresh tokens: 256 random bits as 43 URL-safe characters. With rotation, a token's
 * successor is <em>derived</em> from it with a server-side key (HMAC-SHA-256), so that a retry of
 * the same token inside the grace period gets the same successor on any node, and nothing secret
 * is stored in the clear. Lookups accept more than this form: see {@link #isPresentable}.
 */
final class RefreshTokens {

    /** The longest string looked up as a refresh token (an imported session's token may be a long JWT). */
    static final int MAX_PRESENTED_LENGTH = 4096;

    private static final int TOKEN_BYTES = 32;

    private final SecureRandom random;
    private final SecretKeySpec successorKey;

    /**
     * A token source.
     *
     * @param successorSecret the server-side key successors are derived with (at least 32 bytes);
     *     every node of a service must use the same one
     */
    RefreshTokens(SecureRandom random, byte[] successorSecret) {
        this.random = Objects.requireNonNull(random, "random");
        if (successorSecret.length < 32) {
            throw new IllegalArgumentException("The successor secret must have at least 32 bytes");
        }
        this.successorKey = new SecretKeySpec(successorSecret.clone(), "HmacSHA256");
    }

    /** A new random token. */
    String generate() {
        byte[] bytes = new byte[TOKEN_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The successor of a token under rotation: always the same for the same token. */
    String successor(String token) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(successorKey);
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(mac.doFinal(token.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Every Java platform has HmacSHA256", e);
        }
    }

    /**
     * Whether a presented string may be a refresh token at all: 1 to {@value #MAX_PRESENTED_LENGTH}
     * printable ASCII characters, without spaces. Anything else is refused before any lookup.
     *
     * <p>Latchkey's own tokens are 43 URL-safe characters, but sessions imported from another
     * system keep the tokens their clients hold, whatever that system made (JWTs with dots, UUIDs,
     * hex), so any such string is looked up. That opens no session Latchkey made: a store finds a
     * session only by the SHA-256 of the exact string presented, and every session Latchkey stores
     * holds the hash of one of its own 43-character tokens. A string of another shape is another
     * string, so its hash could match such a session only by a SHA-256 collision; it can match only
     * a session stored from that very string, that is, an imported one. Guessing stays as hopeless
     * as before: a lookup of any string is a lookup of its hash.
     */
    static boolean isPresentable(String token) {
        if (token == null || token.isEmpty() || token.length() > MAX_PRESENTED_LENGTH) {
            return false;
        }
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c < '!' || c > '~') {
                return false;
            }
        }
        return true;
    }
}
