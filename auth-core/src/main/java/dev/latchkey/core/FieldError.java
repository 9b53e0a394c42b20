package dev.latchkey.core;

import java.util.Objects;

/**
 * One invalid input field.
 *
 * @param field the field's wire name, for example {@code email} or {@code real_name}
 * @param message what is wrong with it, for a person to read
 */
public record FieldError(String field, String message) {

    /** Checks both parts are present. */
    public FieldError {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
    }
}
