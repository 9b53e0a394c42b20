package dev.latchkey.core.token;

import java.time.Instant;
import java.util.Objects;

/**
 * A freshly signed access token.
 *
 * @param value the compact JWS, for the {@code Authorization: Bearer} header
 * @param expiresAt when it expires ({@code exp})
 * @param expiresInSeconds its lifetime from issue, the {@code expires_in} of the token response
 */
public record IssuedAccessToken(String value, Instant expiresAt, long expiresInSeconds) {

    /** Checks the parts. */
    public IssuedAccessToken {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (expiresInSeconds <= 0) {
            throw new IllegalArgumentException("expiresInSeconds must be positive");
        }
    }

    /** Redacted: tokens have no business in logs. */
    @Override
    public String toString() {
        return "IssuedAccessToken[expiresAt=" + expiresAt + "]";
    }
}
