package dev.latchkey.core.onetime;

import dev.latchkey.core.UserId;
import java.time.Instant;
import java.util.Objects;

/**
 * A stored single-use token: its hash, what it is for, whose it is and until when it works.
 *
 * @param hash the hash of the token (the token itself is only in the mail)
 * @param purpose what it may be used for
 * @param userId whose it is
 * @param email the address it was sent to; a verification token proves only that address
 * @param createdAt when it was issued
 * @param expiresAt from when it is refused
 */
public record OneTimeToken(OneTimeTokenHash hash, TokenPurpose purpose, UserId userId, String email,
        Instant createdAt, Instant expiresAt) {

    /** Checks every part is present and the token expires after it was issued. */
    public OneTimeToken {
        Objects.requireNonNull(hash, "hash");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        if (!expiresAt.isAfter(createdAt)) {
            throw new IllegalArgumentException("expiresAt must be after createdAt");
        }
    }
}
