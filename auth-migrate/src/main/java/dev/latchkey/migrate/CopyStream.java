package dev.latchkey.migrate;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HexFormat;
import org.postgresql.copy.CopyIn;
import org.postgresql.PGConnection;

/**
 * Rows streamed into a table with PostgreSQL's COPY, in its text format, flushed in blocks so that
 * memory stays flat however many rows pass.
 */
final class CopyStream implements AutoCloseable {

    private static final int FLUSH_AT = 256 * 1024;
    private static final HexFormat HEX = HexFormat.of();

    private final CopyIn copy;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(FLUSH_AT + 4096);
    private final StringBuilder row = new StringBuilder(512);
    private boolean first = true;
    private long rows;

    CopyStream(java.sql.Connection connection, String copySql) throws SQLException {
        this.copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(copySql);
    }

    CopyStream text(String value) {
        separate();
        if (value == null) {
            row.append("\\N");
            return this;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> row.append("\\\\");
                case '\t' -> row.append("\\t");
                case '\n' -> row.append("\\n");
                case '\r' -> row.append("\\r");
                default -> row.append(c);
            }
        }
        return this;
    }

    CopyStream number(long value) {
        separate();
        row.append(value);
        return this;
    }

    CopyStream bool(boolean value) {
        separate();
        row.append(value ? 't' : 'f');
        return this;
    }

    CopyStream time(Instant value) {
        separate();
        row.append(value.toString());
        return this;
    }

    CopyStream bytes(byte[] value) {
        separate();
        // bytea's hex form; the backslash itself is escaped for COPY.
        row.append("\\\\x").append(HEX.formatHex(value));
        return this;
    }

    void endRow() throws SQLException {
        row.append('\n');
        byte[] bytes = row.toString().getBytes(StandardCharsets.UTF_8);
        buffer.write(bytes, 0, bytes.length);
        row.setLength(0);
        first = true;
        rows++;
        if (buffer.size() >= FLUSH_AT) {
            flush();
        }
    }

    long rows() {
        return rows;
    }

    private void separate() {
        if (!first) {
            row.append('\t');
        }
        first = false;
    }

    private void flush() throws SQLException {
        if (buffer.size() > 0) {
            copy.writeToCopy(buffer.toByteArray(), 0, buffer.size());
            buffer.reset();
        }
    }

    /** Sends the rest and ends the COPY. */
    long finish() throws SQLException {
        flush();
        return copy.endCopy();
    }

    @Override
    public void close() {
        if (copy.isActive()) {
            try {
                copy.cancelCopy();
            } catch (SQLException e) {
                // Cancelling after a failure: the failure is what counts.
            }
        }
    }
}
