package dev.latchkey.core;

import java.util.Objects;
import java.util.UUID;

/**
 * The identifier of a user: a UUID, carried as the access token's {@code sub} claim.
 *
 * @param value the UUID
 */
public record UserId(UUID value) {

    /** Checks that the value is present. */
    public UserId {
        Objects.requireNonNull(value, "value");
    }

    /** A new random identifier. */
    public static UserId random() {
        return new UserId(UUID.randomUUID());
    }

    /**
     * Parses the canonical textual form of a UUID.
     *
     * @throws IllegalArgumentException if the text is not a UUID
     */
    public static UserId parse(String text) {
        return new UserId(Uuids.parse(text, "user id"));
    }

    /** The canonical UUID text. */
    @Override
    public String toString() {
        return value.toString();
    }
}
