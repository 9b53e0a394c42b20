package dev.latchkey.migrate;

/**
 * A database could not be reached, or failed while the import ran. Every batch committed before
 * stays written and is reported as {@code already} by the next run, which resumes the import.
 */
public final class ImportFailedException extends ImportException {

    private static final long serialVersionUID = 1L;

    /** A failure with a message for the person who runs the import, and its cause. */
    public ImportFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
