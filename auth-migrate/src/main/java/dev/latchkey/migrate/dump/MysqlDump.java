package dev.latchkey.migrate.dump;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * Reads table rows from a {@code mysqldump} / {@code mariadb-dump} SQL file without a database server.
 *
 * <p>The file is read as a stream in constant memory: rows come one tuple at a time, and no more than one value
 * (at most {@link #DEFAULT_MAX_VALUE_BYTES} bytes unless opened with another limit) is held at once. Each call
 * to {@link #columns(String)} or {@link #rows(String)} reads the file again from the start. Gzip-compressed
 * files are recognised by their first bytes. The text must be UTF-8 (as {@code utf8mb4} dumps are); a value of
 * a requested table that is not valid UTF-8 is a {@link DumpFormatException}.
 *
 * <p>A {@code MysqlDump} may be shared between threads; each {@link DumpRows} belongs to one thread.
 *
 * <p>Table names compare case-sensitively, without backquotes and without the schema ({@code `db`.`users`}
 * counts for {@code users}).
 */
public final class MysqlDump implements Closeable {

    /** The default limit for the bytes of a single value: 16 MiB. */
    public static final int DEFAULT_MAX_VALUE_BYTES = ValueParser.DEFAULT_MAX_VALUE_BYTES;

    private final Path file;
    private final String name;
    private final int maxValueBytes;
    private final List<RowReader> open = new ArrayList<>();
    private boolean closed;

    private MysqlDump(Path file, int maxValueBytes) {
        this.file = file;
        Path fileName = file.getFileName();
        this.name = fileName == null ? file.toString() : fileName.toString();
        this.maxValueBytes = maxValueBytes;
    }

    /**
     * Opens a dump file. Gzip is detected by its magic bytes (not by the file name). Charset UTF-8.
     *
     * @param file the dump
     * @return the dump, to be closed after use
     * @throws IOException if the file cannot be read or is compressed in a format other than gzip
     */
    public static MysqlDump open(Path file) throws IOException {
        return open(file, DEFAULT_MAX_VALUE_BYTES);
    }

    /**
     * Opens a dump file with a limit for the bytes of a single value.
     *
     * @param file the dump
     * @param maxValueBytes the largest value accepted, in bytes; a larger one is a {@link DumpFormatException}
     * @return the dump, to be closed after use
     * @throws IOException if the file cannot be read or is compressed in a format other than gzip
     */
    public static MysqlDump open(Path file, int maxValueBytes) throws IOException {
        Objects.requireNonNull(file, "file");
        if (maxValueBytes < 1) {
            throw new IllegalArgumentException("maxValueBytes must be positive: " + maxValueBytes);
        }
        MysqlDump dump = new MysqlDump(file, maxValueBytes);
        dump.source().close();
        return dump;
    }

    /**
     * The column names of a table in declaration order, from its first {@code CREATE TABLE}.
     *
     * @param table the table name, compared case-sensitively, without backquotes
     * @return the columns, or empty if the dump has no {@code CREATE TABLE} for the table
     * @throws DumpFormatException if the dump is broken before or in that {@code CREATE TABLE}
     * @throws IOException if the file cannot be read
     */
    public Optional<List<String>> columns(String table) throws IOException {
        Objects.requireNonNull(table, "table");
        ensureOpen();
        try (DumpScanner scanner = new DumpScanner(source(), table)) {
            scanner.next(true);
            return Optional.ofNullable(scanner.createColumns());
        }
    }

    /**
     * Streams every row of every {@code INSERT}, {@code INSERT IGNORE} and {@code REPLACE} into a table, in file
     * order. The columns of a row are the statement's column list when it has one, else those of the latest
     * {@code CREATE TABLE} of the table before it. Each call reads the file again from the start.
     *
     * @param table the table name, compared case-sensitively, without backquotes
     * @return the rows, to be closed after use; none if the dump has no rows for the table
     * @throws IOException if the file cannot be opened
     */
    public DumpRows rows(String table) throws IOException {
        Objects.requireNonNull(table, "table");
        ensureOpen();
        DumpScanner scanner = new DumpScanner(source(), table);
        RowReader[] self = new RowReader[1];
        RowReader reader = new RowReader(scanner, maxValueBytes, () -> {
            synchronized (open) {
                open.remove(self[0]);
            }
        });
        self[0] = reader;
        synchronized (open) {
            open.add(reader);
        }
        return reader;
    }

    private void ensureOpen() throws IOException {
        synchronized (open) {
            if (closed) {
                throw new IOException(name + " is closed");
            }
        }
    }

    /** @return the path this dump was opened from */
    public Path file() {
        return file;
    }

    private ByteSource source() throws IOException {
        InputStream raw = Files.newInputStream(file);
        try {
            BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
            in.mark(8);
            byte[] magic = in.readNBytes(6);
            in.reset();
            boolean gzip = magic.length >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b;
            rejectOtherCompression(magic);
            ByteSource source = new ByteSource(gzip ? gunzip(in) : in, name, gzip);
            source.skipByteOrderMark();
            return source;
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    private InputStream gunzip(InputStream in) throws IOException {
        try {
            return new GZIPInputStream(in, 1 << 16);
        } catch (java.io.EOFException | java.util.zip.ZipException e) {
            throw new DumpFormatException(name, 1, "the gzip header is truncated or corrupt (" + e.getMessage() + ")",
                    e);
        }
    }

    private void rejectOtherCompression(byte[] m) throws IOException {
        String format = null;
        if (startsWith(m, 0x28, 0xB5, 0x2F, 0xFD)) {
            format = "zstd";
        } else if (startsWith(m, 0xFD, '7', 'z', 'X', 'Z', 0x00)) {
            format = "xz";
        } else if (startsWith(m, 'B', 'Z', 'h')) {
            format = "bzip2";
        } else if (startsWith(m, 'P', 'K', 3, 4)) {
            format = "zip";
        }
        if (format != null) {
            throw new DumpFormatException(name, 1, "the file is " + format
                    + "-compressed; only plain SQL and gzip can be read (decompress it first)");
        }
    }

    private static boolean startsWith(byte[] bytes, int... prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((bytes[i] & 0xff) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** Closes the row readers still open. */
    @Override
    public void close() throws IOException {
        List<RowReader> readers;
        synchronized (open) {
            closed = true;
            readers = new ArrayList<>(open);
        }
        IOException first = null;
        for (RowReader reader : readers) {
            try {
                reader.close();
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
