package dev.latchkey.migrate;

import java.util.function.Consumer;

/**
 * Reads the legacy tables, row by row, each row once, all of them from one consistent state of the
 * source. Memory does not grow with the number of rows.
 */
interface LegacyReader extends AutoCloseable {

    /**
     * Hands every legacy user to {@code sink}.
     *
     * @throws InvalidImportException if the table or a column is missing, or the input is malformed
     * @throws ImportFailedException if the source fails
     */
    void readUsers(LegacyColumns columns, Consumer<LegacyUserRow> sink);

    /**
     * Hands every legacy session to {@code sink}; called after {@link #readUsers}.
     *
     * @throws InvalidImportException if the table or a column is missing, or the input is malformed
     * @throws ImportFailedException if the source fails
     */
    void readSessions(Consumer<LegacySessionRow> sink);

    @Override
    void close();
}
