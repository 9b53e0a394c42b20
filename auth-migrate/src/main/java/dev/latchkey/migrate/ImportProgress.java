package dev.latchkey.migrate;

/**
 * Hears how far an import is, for a progress display. Every method does nothing unless
 * overridden; calls come from the importing thread.
 */
public interface ImportProgress {

    /** Nothing is reported. */
    ImportProgress NONE = new ImportProgress() {
    };

    /**
     * Rows of a legacy table read and checked so far.
     *
     * @param table {@code users} or {@code sessions}
     */
    default void reading(String table, long rows) {
    }

    /**
     * Rows of a table written so far, of how many to write.
     *
     * @param table {@code users} or {@code sessions}
     */
    default void writing(String table, long done, long total) {
    }
}
