package dev.latchkey.spring;

/** A {@code latchkey.*} property, or the database it points at, that the application cannot start with. */
final class InvalidPropertyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String property;

    InvalidPropertyException(String property, String message, Throwable cause) {
        super(message, cause);
        this.property = property;
    }

    /** The property to change. */
    String property() {
        return property;
    }
}
