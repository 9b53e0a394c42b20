package dev.latchkey.spring;

/**
 * {@code latchkey.secret-key} is missing, too short, an unresolved placeholder or a value from
 * documentation: the application does not start with it.
 */
public final class InvalidSecretKeyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    InvalidSecretKeyException(String message) {
        super(message);
    }
}
