package dev.latchkey.core;

/**
 * The store could not be reached or did not answer in time. Nothing was decided: no session was
 * ended and no token was rotated because of it. Storage adapters throw it in place of their
 * driver's exceptions; the servlet layer answers 503.
 */
public final class StorageUnavailableException extends LatchkeyException {

    private static final long serialVersionUID = 1L;

    /** Creates the exception, keeping the driver's exception as the cause. */
    public StorageUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
