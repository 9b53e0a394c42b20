package dev.latchkey.migrate;

/**
 * The import's settings or input are wrong: an unknown column, a table or column missing in the
 * source, a URL of the wrong form, a dump file that does not parse. The message says what; nothing
 * was written because of it that a corrected re-run would not take over.
 */
public final class InvalidImportException extends ImportException {

    private static final long serialVersionUID = 1L;

    /** An error with a message for the person who runs the import. */
    public InvalidImportException(String message) {
        super(message, null);
    }

    /** An error with a message for the person who runs the import, and its cause. */
    public InvalidImportException(String message, Throwable cause) {
        super(message, cause);
    }
}
