package dev.latchkey.migrate.dump;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;

/**
 * The rows of one table, read from a dump as a stream in file order.
 *
 * <p>Use {@link #read()} to get checked {@link IOException}s ({@link DumpFormatException} for a broken dump).
 * The {@link Iterator} methods throw an {@link UncheckedIOException} wrapping the same exception instead. Once a
 * reader has failed, every further call throws the same exception again: rows are never silently skipped.
 * Close the reader to release the file.
 */
public interface DumpRows extends Iterator<DumpRow>, Closeable {

    /**
     * Reads the next row.
     *
     * @return the next row, or {@code null} after the last one
     * @throws DumpFormatException if the dump is broken at this point
     * @throws IOException if the file cannot be read
     */
    DumpRow read() throws IOException;
}
