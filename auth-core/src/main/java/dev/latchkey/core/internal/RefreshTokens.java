package dev.latchkey.core.internal;

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
 * is stored in the clear.
 */
public final class RefreshTokens {

    private static final int TOKEN_BYTES = 32;
    private static final int TOKEN_LENGTH = 43;

    private final SecureRandom random;
    private final SecretKeySpec successorKey;

    /**
     * A token source.
     *
     * @param successorSecret the server-side key successors are derived with (at least 32 bytes);
     *     every node of a service must use the same one
     */
    public RefreshTokens(SecureRandom random, byte[] successorSecret) {
        this.random = Objects.requireNonNull(random, "random");
        if (successorSecret.length < 32) {
            throw new IllegalArgumentException("The successor secret must have at least 32 bytes");
        }
        this.successorKey = new SecretKeySpec(successorSecret.clone(), "HmacSHA256");
    }

    /** A new random token. */
    public String generate() {
        byte[] bytes = new byte[TOKEN_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The successor of a token under rotation: always the same for the same token. */
    public String successor(String token) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(successorKey);
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(mac.doFinal(token.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Every Java platform has HmacSHA256", e);
        }
    }

    /** Whether a string has the form of a token; anything else is refused before any lookup. */
    public static boolean isWellFormed(String token) {
        if (token == null || token.length() != TOKEN_LENGTH) {
            return false;
        }
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
