package dev.latchkey.core;

import java.util.Objects;
import java.util.UUID;

/**
 * The identifier of a session (one login on one device): a UUID, carried as the access token's
 * {@code sid} claim.
 *
 * @param value the UUID
 */
public record SessionId(UUID value) {

    /** Checks that the value is present. */
    public SessionId {
        Objects.requireNonNull(value, "value");
    }

    /** A new random identifier. */
    public static SessionId random() {
        return new SessionId(UUID.randomUUID());
    }

    /**
     * Parses the canonical textual form of a UUID.
     *
     * @throws IllegalArgumentException if the text is not a UUID
     */
    public static SessionId parse(String text) {
        return new SessionId(Uuids.parse(text, "session id"));
    }

    /** The canonical UUID text. */
    @Override
    public String toString() {
        return value.toString();
    }
}
