package dev.latchkey.core;

import java.util.List;
import java.util.stream.Collectors;

/** Input that breaks a rule, with one {@link FieldError} per offending field. Nothing was changed. */
public final class ValidationException extends LatchkeyException {

    private static final long serialVersionUID = 1L;

    private final transient List<FieldError> errors;

    /**
     * Creates the exception.
     *
     * @throws IllegalArgumentException if {@code errors} is empty
     */
    public ValidationException(List<FieldError> errors) {
        super(summary(errors));
        this.errors = List.copyOf(errors);
    }

    /** A single-field failure. */
    public static ValidationException of(String field, String message) {
        return new ValidationException(List.of(new FieldError(field, message)));
    }

    /** The offending fields, in the order they were checked. */
    public List<FieldError> errors() {
        return errors;
    }

    private static String summary(List<FieldError> errors) {
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("A validation failure needs at least one field error");
        }
        return errors.stream().map(e -> e.field() + ": " + e.message()).collect(Collectors.joining("; "));
    }
}
