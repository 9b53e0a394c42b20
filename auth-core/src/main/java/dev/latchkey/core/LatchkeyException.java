package dev.latchkey.core;

/**
 * Every failure that a caller of Latchkey is expected to handle. The hierarchy is sealed, so an
 * adapter (the servlet layer, say) can map each kind to its answer and know it missed none.
 */
public abstract sealed class LatchkeyException extends RuntimeException
        permits InvalidCredentialsException, InvalidTokenException, ThrottledException,
                DuplicateEmailException, ValidationException, AccessDeniedException,
                SessionNotFoundException, UserNotFoundException, StorageUnavailableException {

    private static final long serialVersionUID = 1L;

    LatchkeyException(String message) {
        super(message);
    }

    LatchkeyException(String message, Throwable cause) {
        super(message, cause);
    }
}
