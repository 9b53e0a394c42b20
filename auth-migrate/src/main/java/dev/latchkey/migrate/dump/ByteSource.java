package dev.latchkey.migrate.dump;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.ZipException;

/** Buffered bytes of a dump with a little look-ahead and a line counter. */
final class ByteSource implements Closeable {

    /** How far {@link #peek(int)} may look ahead. */
    static final int LOOKAHEAD = 64;

    private final InputStream in;
    private final String name;
    private final boolean compressed;
    private final byte[] buf = new byte[1 << 16];
    private int pos;
    private int limit;
    private boolean eof;
    private long line = 1;

    ByteSource(InputStream in, String name, boolean compressed) {
        this.in = in;
        this.name = name;
        this.compressed = compressed;
    }

    /** @return the file name used in messages */
    String name() {
        return name;
    }

    /** @return the 1-based line number of the next byte */
    long line() {
        return line;
    }

    /** @return the next byte (0-255) without consuming it, or -1 at the end */
    int peek() throws IOException {
        if (pos < limit) {
            return buf[pos] & 0xff;
        }
        return fillAndPeek(0);
    }

    /** @return the byte {@code k} positions ahead (0 = next), or -1 past the end; {@code k < LOOKAHEAD} */
    int peek(int k) throws IOException {
        if (pos + k < limit) {
            return buf[pos + k] & 0xff;
        }
        return fillAndPeek(k);
    }

    /** @return the next byte (0-255), consumed, or -1 at the end */
    int read() throws IOException {
        int b = pos < limit ? buf[pos] & 0xff : fillAndPeek(0);
        if (b >= 0) {
            pos++;
            if (b == '\n') {
                line++;
            }
        }
        return b;
    }

    /** Consumes {@code n} bytes that were peeked before. */
    void skip(int n) throws IOException {
        for (int i = 0; i < n; i++) {
            read();
        }
    }

    /** Consumes a leading UTF-8 byte order mark, if any. */
    void skipByteOrderMark() throws IOException {
        if (peek(0) == 0xEF && peek(1) == 0xBB && peek(2) == 0xBF) {
            skip(3);
        }
    }

    private int fillAndPeek(int k) throws IOException {
        if (k >= LOOKAHEAD) {
            throw new IllegalArgumentException("look-ahead too far: " + k);
        }
        if (!eof) {
            if (pos > 0) {
                System.arraycopy(buf, pos, buf, 0, limit - pos);
                limit -= pos;
                pos = 0;
            }
            while (!eof && limit <= k) {
                int n = readRaw(buf, limit, buf.length - limit);
                if (n < 0) {
                    eof = true;
                } else {
                    limit += n;
                }
            }
        }
        return pos + k < limit ? buf[pos + k] & 0xff : -1;
    }

    private int readRaw(byte[] b, int off, int len) throws IOException {
        try {
            return in.read(b, off, len);
        } catch (EOFException | ZipException e) {
            if (!compressed) {
                throw e;
            }
            throw new DumpFormatException(name, line,
                    "the gzip data is truncated or corrupt (" + e.getMessage() + ")", e);
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
