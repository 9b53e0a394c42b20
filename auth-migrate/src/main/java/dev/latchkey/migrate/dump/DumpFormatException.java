package dev.latchkey.migrate.dump;

import java.io.IOException;

/**
 * A dump file that cannot be read as MySQL / MariaDB dump SQL, or whose rows for a requested table are broken.
 *
 * <p>The message names the file and the line, for example
 * {@code backup.sql line 1234: unterminated string in INSERT INTO `users`}.
 */
public final class DumpFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    private final String source;
    private final long line;
    private final String detail;

    /**
     * Creates the exception.
     *
     * @param source the name of the dump file
     * @param line the 1-based line number the problem was found at
     * @param detail what is wrong, without the file name and line
     */
    public DumpFormatException(String source, long line, String detail) {
        this(source, line, detail, null);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param source the name of the dump file
     * @param line the 1-based line number the problem was found at
     * @param detail what is wrong, without the file name and line
     * @param cause the underlying exception, or {@code null}
     */
    public DumpFormatException(String source, long line, String detail, Throwable cause) {
        super(source + " line " + line + ": " + detail, cause);
        this.source = source;
        this.line = line;
        this.detail = detail;
    }

    /** @return the name of the dump file */
    public String source() {
        return source;
    }

    /** @return the 1-based line number the problem was found at */
    public long line() {
        return line;
    }

    /** @return what is wrong, without the file name and line */
    public String detail() {
        return detail;
    }
}
