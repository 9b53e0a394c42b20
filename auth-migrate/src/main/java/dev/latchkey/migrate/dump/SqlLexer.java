package dev.latchkey.migrate.dump;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Statement-level scanning of dump SQL: white space, comments, quoted text, identifiers, words and the
 * client-side statement delimiter ({@code DELIMITER ;;}).
 */
final class SqlLexer {

    private static final int MAX_WORD = 256;
    private static final int MAX_IDENTIFIER = 4096;

    private final ByteSource in;
    private String lastQualifier;
    private boolean dumpHeader;
    private boolean dumpCompleted;
    private final ByteSink identifier = new ByteSink(MAX_IDENTIFIER);
    private byte[] delimiter = {';'};

    SqlLexer(ByteSource in) {
        this.in = in;
    }

    ByteSource in() {
        return in;
    }

    long line() {
        return in.line();
    }

    int peek() throws IOException {
        return in.peek();
    }

    int peek(int k) throws IOException {
        return in.peek(k);
    }

    int read() throws IOException {
        return in.read();
    }

    DumpFormatException error(long line, String detail) {
        return new DumpFormatException(in.name(), line, detail);
    }

    static boolean isSpace(int c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0B;
    }

    static boolean isWordChar(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '_' || c == '$' || c >= 0x80;
    }

    /** Skips white space and comments ({@code -- }, {@code #}, {@code /* *}{@code /}, {@code /*! *}{@code /}). */
    void skipSpace() throws IOException {
        while (true) {
            int c = in.peek();
            if (isSpace(c)) {
                in.read();
            } else if (c == '-' && isDashComment()) {
                noteDumpComment(skipLine());
            } else if (c == '#') {
                skipLine();
            } else if (c == '/' && in.peek(1) == '*') {
                skipBlockComment();
            } else {
                return;
            }
        }
    }

    private boolean isDashComment() throws IOException {
        if (in.peek(1) != '-') {
            return false;
        }
        int c = in.peek(2);
        return c == -1 || c <= ' ';
    }

    /** At a comment start: {@code #}, {@code -- } or {@code /*}. */
    boolean atComment() throws IOException {
        int c = in.peek();
        return c == '#' || (c == '-' && isDashComment()) || (c == '/' && in.peek(1) == '*');
    }

    /** Skips to the end of the line; returns its first characters. */
    private String skipLine() throws IOException {
        StringBuilder start = new StringBuilder();
        int c;
        do {
            c = in.read();
            if (start.length() < 32 && c > 0) {
                start.append((char) c);
            }
        } while (c != '\n' && c != -1);
        return start.toString();
    }

    /** mysqldump and mariadb-dump open a dump with "-- MySQL dump" or "-- MariaDB dump" and close it with "-- Dump completed". */
    private void noteDumpComment(String comment) {
        if (comment.startsWith("-- MySQL dump") || comment.startsWith("-- MariaDB dump")) {
            dumpHeader = true;
        } else if (comment.startsWith("-- Dump completed")) {
            dumpCompleted = true;
        }
    }

    /** Whether the text read so far opened like a mysqldump file but has not closed like one. */
    boolean dumpCutShort() {
        return dumpHeader && !dumpCompleted;
    }

    private void skipBlockComment() throws IOException {
        long start = in.line();
        in.skip(2);
        // Executable comments (/*! ... */, /*M! ... */) hold SQL, so quotes in them are honoured.
        boolean executable = in.peek() == '!' || (in.peek() == 'M' && in.peek(1) == '!');
        while (true) {
            int c = in.read();
            if (c == -1) {
                throw error(start, "unterminated /* comment (is the file truncated?)");
            }
            if (c == '*' && in.peek() == '/') {
                in.read();
                return;
            }
            if (executable && (c == '\'' || c == '"' || c == '`')) {
                skipQuotedRest(c, in.line());
            }
        }
    }

    /** Skips the rest of a quoted string or identifier whose opening quote was consumed. */
    void skipQuotedRest(int quote, long startLine) throws IOException {
        while (true) {
            int c = in.read();
            if (c == -1) {
                throw error(startLine, (quote == '`' ? "unterminated quoted identifier" : "unterminated string")
                        + " (is the file truncated?)");
            }
            if (c == '\\' && quote != '`') {
                if (in.read() == -1) {
                    throw error(startLine, "unterminated string (is the file truncated?)");
                }
            } else if (c == quote) {
                if (in.peek() == quote) {
                    in.read();
                } else {
                    return;
                }
            }
        }
    }

    /** @return whether the current delimiter (for example {@code ;} or {@code ;;}) comes next */
    boolean atDelimiter() throws IOException {
        for (int i = 0; i < delimiter.length; i++) {
            if (in.peek(i) != (delimiter[i] & 0xff)) {
                return false;
            }
        }
        return true;
    }

    void consumeDelimiter() throws IOException {
        in.skip(delimiter.length);
    }

    /**
     * Skips to the end of the current statement, past its delimiter, honouring quotes and comments.
     *
     * @param semicolonEnds whether a plain {@code ;} ends it too (true for statements that cannot hold one,
     *     such as {@code INSERT}, when a {@code DELIMITER} other than {@code ;} is in force)
     */
    void skipStatement(boolean semicolonEnds) throws IOException {
        while (true) {
            int c = in.peek();
            if (c == -1) {
                return;
            }
            if (atDelimiter()) {
                consumeDelimiter();
                return;
            }
            if (semicolonEnds && c == ';') {
                in.read();
                return;
            }
            if (c == '\'' || c == '"' || c == '`') {
                long start = in.line();
                in.read();
                skipQuotedRest(c, start);
            } else if (atComment()) {
                skipSpace();
            } else {
                in.read();
            }
        }
    }

    /** Reads a word of letters, digits, {@code _} and {@code $}; upper-cased ASCII; empty if none is next. */
    String readWord() throws IOException {
        StringBuilder sb = new StringBuilder();
        while (isWordChar(in.peek())) {
            int c = in.read();
            if (sb.length() < MAX_WORD) {
                sb.append((char) c);
            }
        }
        return sb.toString().toUpperCase(Locale.ROOT);
    }

    /** @return the upper-cased word that comes next, without consuming it ({@code LOOKAHEAD} bytes at most) */
    String peekWord() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < ByteSource.LOOKAHEAD - 1 && isWordChar(in.peek(i)); i++) {
            sb.append((char) in.peek(i));
        }
        return sb.toString().toUpperCase(Locale.ROOT);
    }

    /**
     * Reads an identifier: {@code `quoted`}, {@code "quoted"} or bare. Skips space before it.
     *
     * @return the identifier, or {@code null} if none comes next
     */
    String readIdentifier() throws IOException {
        skipSpace();
        int c = in.peek();
        long start = in.line();
        identifier.reset();
        if (c == '`' || c == '"') {
            in.read();
            while (true) {
                int b = in.read();
                if (b == -1) {
                    throw error(start, "unterminated quoted identifier (is the file truncated?)");
                }
                if (b == c) {
                    if (in.peek() != c) {
                        break;
                    }
                    in.read();
                }
                addIdentifierByte(b, start);
            }
        } else if (isWordChar(c)) {
            while (isWordChar(in.peek())) {
                addIdentifierByte(in.read(), start);
            }
        } else {
            return null;
        }
        String s = identifier.decodeUtf8();
        if (s == null) {
            throw error(start, "identifier is not valid UTF-8");
        }
        return s;
    }

    private void addIdentifierByte(int b, long start) throws DumpFormatException {
        if (!identifier.add(b)) {
            throw error(start, "identifier longer than " + MAX_IDENTIFIER + " bytes");
        }
    }

    /**
     * Reads a possibly schema-qualified table name ({@code db.t}, {@code `db`.`t`}).
     *
     * @return the table name without the schema, or {@code null} if no identifier comes next
     */
    String readTableName() throws IOException {
        lastQualifier = null;
        String name = readIdentifier();
        if (name == null) {
            return null;
        }
        skipSpace();
        if (in.peek() == '.') {
            in.read();
            String table = readIdentifier();
            if (table == null) {
                throw error(in.line(), "table name expected after " + quote(name) + ".");
            }
            lastQualifier = name;
            return table;
        }
        return name;
    }

    /** The database that qualified the name {@link #readTableName} read last ({@code `db`.`t`}), or null. */
    String lastQualifier() {
        return lastQualifier;
    }

    /**
     * Handles the client command {@code DELIMITER x} whose keyword was just read: the rest of the line names the
     * new delimiter.
     */
    void readDelimiterCommand(long line) throws IOException {
        ByteSink sink = new ByteSink(ByteSource.LOOKAHEAD - 1);
        while (in.peek() == ' ' || in.peek() == '\t') {
            in.read();
        }
        while (true) {
            int c = in.peek();
            if (c == -1 || isSpace(c)) {
                break;
            }
            in.read();
            if (!sink.add(c)) {
                throw error(line, "DELIMITER longer than " + (ByteSource.LOOKAHEAD - 1) + " bytes");
            }
        }
        skipLine();
        if (sink.size() == 0) {
            throw error(line, "DELIMITER without a delimiter");
        }
        delimiter = sink.toArray();
    }

    /** @return the current delimiter as text */
    String delimiter() {
        return new String(delimiter, StandardCharsets.UTF_8);
    }

    static String quote(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }
}
