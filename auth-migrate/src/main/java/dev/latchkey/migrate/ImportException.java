package dev.latchkey.migrate;

/**
 * Why an import stopped before it finished: its settings or input were wrong
 * ({@link InvalidImportException}), or a database could not be reached or failed on the way
 * ({@link ImportFailedException}). Rows rejected one by one are no failure: they are counted in the
 * {@link ImportReport}.
 */
public abstract sealed class ImportException extends RuntimeException
        permits InvalidImportException, ImportFailedException {

    private static final long serialVersionUID = 1L;

    ImportException(String message, Throwable cause) {
        super(message, cause);
    }
}
